import Foundation

/// Headless Chromium (Debian package `chromium`), for checking how the HTML digest renders.
enum Chromium {
    /// Runs chromium headless with `arguments`; returns stdout.
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--mute-audio"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Saves a screenshot of `page` at `width` × `height` CSS pixels.
    static func screenshot(_ page: URL, to png: URL, width: Int, height: Int = 2000) throws {
        _ = try run(["--screenshot=\(png.path)", "--window-size=\(width),\(height)", page.absoluteString])
    }

    /// The page's scroll width and client width when shown in a frame `width` pixels wide. (Chromium's window
    /// cannot be narrower than 500 px in --dump-dom mode, so the page is framed.)
    static func widths(of page: URL, frameWidth width: Int) throws -> (scroll: Int, client: Int) {
        let frame = page.deletingLastPathComponent().appendingPathComponent("frame-\(width).html")
        let html = """
            <!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="\(page.lastPathComponent)" \
            style="width:\(width)px;height:2000px;border:0"></iframe><script>document.getElementById("f").onload = \
            function () { var d = this.contentDocument.documentElement; \
            document.body.setAttribute("data-widths", d.scrollWidth + "/" + d.clientWidth); };</script></body></html>
            """
        try Data(html.utf8).write(to: frame)
        let dom = try run([
            "--allow-file-access-from-files", "--virtual-time-budget=5000", "--window-size=800,2000", "--dump-dom",
            frame.absoluteString,
        ])
        guard let range = dom.range(of: #"data-widths="(\d+)/(\d+)""#, options: .regularExpression) else {
            return (0, 0)
        }
        let numbers = dom[range].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        return (numbers.first ?? 0, numbers.last ?? 0)
    }

    /// How many distinct byte values the PNG's decompressed pixel data holds: a blank page has a handful.
    static func distinctPixelBytes(_ png: URL) throws -> Int {
        let script = """
            import struct, sys, zlib
            data = open(sys.argv[1], 'rb').read()
            pos, idat = 8, b''
            while pos < len(data):
                length, kind = struct.unpack('>I4s', data[pos:pos + 8])
                if kind == b'IDAT': idat += data[pos + 8:pos + 8 + length]
                pos += 12 + length
            print(len(set(zlib.decompress(idat))))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, png.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}
