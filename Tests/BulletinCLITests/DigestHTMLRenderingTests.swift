import Foundation
import Testing

/// Renders the HTML preview in headless Chromium at a desktop mail pane's width and a phone's. Screenshots are
/// kept under test-artifacts/ (git-ignored).
@Suite(.serialized) struct DigestHTMLRenderingTests {
    static let artifacts = DigestSite.root.appendingPathComponent("test-artifacts")

    @Test func theHTMLPreviewRendersAt600And375PixelsWithoutHorizontalScrolling() throws {
        let site = try DigestSite.make()
        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        let page = Self.artifacts.appendingPathComponent("digest-preview.html")
        let result = try DigestSite.runner(site).run(["preview", "--format", "html", "--output", page.path])
        #expect(result.status == 0, "\(result.stderr)")

        for width in [600, 375] {
            let png = Self.artifacts.appendingPathComponent("digest-\(width).png")
            try? FileManager.default.removeItem(at: png)
            try Chromium.screenshot(page, to: png, width: width)
            let size = (try FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
            #expect(size > 20_000, "the \(width) px screenshot is \(size) bytes")
            #expect(try Chromium.distinctPixelBytes(png) > 64, "the \(width) px screenshot looks blank")
        }
        let phone = try Chromium.widths(of: page, frameWidth: 375)
        #expect(phone.client > 0)
        #expect(phone.scroll <= phone.client, "scrolls sideways at 375 px: \(phone.scroll) > \(phone.client)")
    }

    @Test func theWidthProbeCatchesAFixedWideLayout() throws {
        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        let page = Self.artifacts.appendingPathComponent("fixed-width.html")
        try Data(#"<html><body><table width="600" style="width:600px"><tr><td>x</td></tr></table></body></html>"#.utf8)
            .write(to: page)
        let widths = try Chromium.widths(of: page, frameWidth: 375)
        #expect(widths.scroll > widths.client)
    }
}
