extension Mailbox {
    /// Appends this mailbox to a From, To or Reply-To field: `Name <address>`, with the display name quoted when
    /// it has specials and RFC 2047 encoded when it is not ASCII; the name is neutralized first, so a hostile
    /// name cannot inject a header.
    ///
    /// - SeeAlso: RFC 5322 §3.4, RFC 2047 §5 (3).
    public func appendHeader(to writer: inout HeaderWriter) {
        let name = HeaderText.neutralized(self.name)
        if name.isEmpty {
            writer.append(address.value)
            return
        }
        if HeaderText.needsEncoding(name) || name.utf8.count > 60 {
            writer.appendEncodedWords(name)
        } else if name.utf8.allSatisfy(Self.isPlainPhraseByte) {
            for word in name.split(separator: " ") { writer.append(String(word)) }
        } else {
            var quoted = "\""
            for character in name {
                if character == "\"" || character == "\\" { quoted += "\\" }
                quoted.append(character)
            }
            writer.append(quoted + "\"")
        }
        writer.append("<" + address.value + ">")
    }

    /// Letters, digits, space and the atext characters that no mail reader mistakes for structure.
    private static func isPlainPhraseByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "_"),
            UInt8(ascii: "'"), UInt8(ascii: "!"), UInt8(ascii: "&"), UInt8(ascii: "+"):
            return true
        default:
            return false
        }
    }
}
