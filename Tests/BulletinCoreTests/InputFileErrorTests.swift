import BulletinCore
import Glibc
import Testing

@Suite("InputFileError")
struct InputFileErrorTests {
    @Test(arguments: [ENOENT, ENOTDIR, EACCES, EISDIR])
    func aFileThatIsNotThereOrCannotBeOpenedIsNoInput(code: Int32) {
        #expect(InputFileError(path: "/x.csv", code: code).exitStatus == .noInput)
        #expect(ExitStatus.noInput.rawValue == 66)
    }

    @Test(arguments: [EIO, ENOMEM, EBADF])
    func otherReadErrorsAreIOErrors(code: Int32) {
        #expect(InputFileError(path: "/x.csv", code: code).exitStatus == .ioError)
    }

    @Test func theMessageSaysWhatToCheck() {
        #expect(
            InputFileError(path: "/x.csv", code: ENOENT).description
                == "cannot read /x.csv: no such file or directory; check the path and its permissions.")
    }

    @Test func openingAMissingFileThrowsNoInput() {
        #expect {
            _ = try InputFile(path: "/nonexistent/bulletin.csv")
        } throws: { error in
            (error as? InputFileError)?.exitStatus == .noInput
        }
    }
}
