/// Decodes HTML character references: named ones (`&amp;`, `&nbsp;`, `&eacute;`, `&rsquo;`…) and numeric ones
/// (`&#8217;`, `&#x2019;`). An unknown or unterminated reference is kept as written.
///
/// - SeeAlso: HTML Living Standard §13.5 (named character references); the HTML 4 sets are covered.
public enum HTMLEntities {
    /// The text with every recognized reference replaced by its character.
    public static func decode(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "&" else {
                out.unicodeScalars.append(scalar)
                index += 1
                continue
            }
            var end = index + 1
            while end < scalars.count, end - index <= 32, scalars[end] != ";", scalars[end] != "&",
                !scalars[end].properties.isWhitespace
            {
                end += 1
            }
            if end < scalars.count, scalars[end] == ";",
                let decoded = reference(String(String.UnicodeScalarView(scalars[(index + 1)..<end])))
            {
                out.unicodeScalars.append(decoded)
                index = end + 1
            } else {
                out.unicodeScalars.append(scalar)
                index += 1
            }
        }
        return out
    }

    private static func reference(_ name: String) -> Unicode.Scalar? {
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value: UInt32?
            if digits.hasPrefix("x") || digits.hasPrefix("X") {
                value = UInt32(digits.dropFirst(), radix: 16)
            } else {
                value = UInt32(digits, radix: 10)
            }
            guard let value, value != 0 else { return nil }
            // Windows-1252 code points that feeds send as numeric references.
            if (0x80...0x9F).contains(value), let mapped = windows1252[value] { return mapped }
            return Unicode.Scalar(value)
        }
        return named[name].flatMap(Unicode.Scalar.init)
    }

    private static let windows1252: [UInt32: Unicode.Scalar] = [
        0x80: "\u{20AC}", 0x85: "\u{2026}", 0x91: "\u{2018}", 0x92: "\u{2019}", 0x93: "\u{201C}",
        0x94: "\u{201D}", 0x96: "\u{2013}", 0x97: "\u{2014}", 0x99: "\u{2122}",
    ]

    private static let named: [String: UInt32] = {
        var table: [String: UInt32] = [
            "amp": 38, "lt": 60, "gt": 62, "quot": 34, "apos": 39, "nbsp": 160,
            "ensp": 8194, "emsp": 8195, "thinsp": 8201, "zwnj": 8204, "zwj": 8205, "lrm": 8206, "rlm": 8207,
            "ndash": 8211, "mdash": 8212, "lsquo": 8216, "rsquo": 8217, "sbquo": 8218, "ldquo": 8220,
            "rdquo": 8221, "bdquo": 8222, "dagger": 8224, "Dagger": 8225, "bull": 8226, "hellip": 8230,
            "permil": 8240, "prime": 8242, "Prime": 8243, "lsaquo": 8249, "rsaquo": 8250, "oline": 8254,
            "euro": 8364, "trade": 8482, "larr": 8592, "uarr": 8593, "rarr": 8594, "darr": 8595, "harr": 8596,
            "minus": 8722, "le": 8804, "ge": 8805, "ne": 8800, "asymp": 8776, "infin": 8734, "times": 215,
            "divide": 247, "OElig": 338, "oelig": 339, "Scaron": 352, "scaron": 353, "Yuml": 376, "fnof": 402,
            "circ": 710, "tilde": 732, "Alpha": 913, "alpha": 945, "Beta": 914, "beta": 946, "Gamma": 915,
            "gamma": 947, "Delta": 916, "delta": 948, "pi": 960, "Pi": 928, "mu": 956, "Omega": 937,
            "omega": 969, "sigma": 963, "Sigma": 931, "lambda": 955, "theta": 952,
        ]
        // The Latin-1 block, U+00A1 to U+00FF, in order (× and ÷ are named above).
        let latin1 = [
            "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf", "laquo", "not",
            "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot", "cedil",
            "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc", "Atilde",
            "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc",
            "Iuml", "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave",
            "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml",
            "aring", "aelig", "ccedil", "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml",
            "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute",
            "ucirc", "uuml", "yacute", "thorn", "yuml",
        ]
        for (offset, name) in latin1.enumerated() { table[name] = 0xA1 + UInt32(offset) }
        return table
    }()
}
