import BulletinCore
import Glibc
import Testing

@Suite("InputFileError")
struct InputFileErrorTests {
    @Test func theMessageSaysWhatToCheck() {
        #expect(
            InputFileError(path: "/x.csv", code: ENOENT).description
                == "cannot read /x.csv: no such file or directory; check the path and its permissions.")
    }

    @Test func openingAMissingFileThrowsNoInput() {
        #expect {
            _ = try InputFile(path: "/nonexistent/bulletin.csv")
        } throws: { error in
            (error as? InputFileError)?.code == ENOENT
        }
    }
}
