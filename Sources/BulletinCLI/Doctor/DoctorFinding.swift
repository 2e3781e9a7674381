/// One thing `bulletin doctor` found, with what to do about it.
struct DoctorFinding: Sendable, Equatable, Encodable {
    /// How bad it is.
    enum Status: String, Sendable, Encodable {
        /// As it should be.
        case ok
        /// Worth knowing; nothing to do, or nothing could be checked.
        case note
        /// Works, but should be looked at.
        case warning
        /// Wrong: `doctor` exits 1.
        case problem
    }

    /// The area: `configuration`, `permissions`, `database`, `relay`, `dkim`, `sources`, `last send`, `disk`.
    var check: String
    /// How bad it is.
    var status: Status
    /// What was found, one sentence.
    var message: String
    /// What to do, when something is to be done.
    var advice: String?

    /// A finding that is as it should be.
    static func ok(_ check: String, _ message: String) -> DoctorFinding {
        DoctorFinding(check: check, status: .ok, message: message, advice: nil)
    }

    /// A finding worth knowing, with nothing to do (or nothing that could be checked).
    static func note(_ check: String, _ message: String, _ advice: String? = nil) -> DoctorFinding {
        DoctorFinding(check: check, status: .note, message: message, advice: advice)
    }

    /// A finding that works but should be looked at.
    static func warning(_ check: String, _ message: String, _ advice: String? = nil) -> DoctorFinding {
        DoctorFinding(check: check, status: .warning, message: message, advice: advice)
    }

    /// A finding that is wrong: `doctor` exits 1.
    static func problem(_ check: String, _ message: String, _ advice: String? = nil) -> DoctorFinding {
        DoctorFinding(check: check, status: .problem, message: message, advice: advice)
    }
}
