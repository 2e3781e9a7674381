import BulletinCore
import BulletinNet
import BulletinOpenSSL
import Foundation

extension Doctor {
    /// Each DKIM key: that it reads and signs, and that its selector's published record is its public key (when
    /// the DNS answers).
    func dkim(_ configuration: Configuration) -> [DoctorFinding] {
        guard let dkim = configuration.dkim else {
            return [
                .warning(
                    "dkim", "Messages go unsigned: [dkim] is not configured.",
                    "Gmail and Yahoo expect bulk mail to be DKIM-signed: `bulletin dkim keygen --selector S "
                        + "--output dkim/S.pem`, then set [dkim] selector and private_key.")
            ]
        }
        var findings: [DoctorFinding] = []
        for key in dkim.keys {
            let signer: DKIMSigner
            do {
                // Made and tried as `send` makes it (RSA through the system's OpenSSL).
                signer = try dkim.signer(for: key).usingFastestSigning()
                guard try DKIMSample(configuration: configuration, signers: [signer], date: now).signatureCount == 1
                else { throw DoctorDKIMError.unsigned(signer.selector) }
            } catch {
                findings.append(
                    .problem(
                        "dkim", "Selector \(key.selector): \(errorSentence(error))",
                        "`bulletin dkim keygen --selector \(key.selector) --algorithm \(key.algorithm.rawValue) "
                            + "--output FILE` makes a new key (publish its record before using it)."))
                continue
            }
            findings.append(record(for: signer))
        }
        return findings
    }

    private func record(for signer: DKIMSigner) -> DoctorFinding {
        let name = signer.recordName
        let publish = signer.key.zoneFileRecord(selector: signer.selector, domain: signer.domain)
        switch lookupTXT(name) {
        case .unresolved:
            return .note(
                "dkim",
                "Selector \(signer.selector) signs (\(signer.key.summary)); \(name) could not be resolved, so its "
                    + "published record was not compared.",
                "Compare `dig TXT \(name)` with `bulletin dkim check`.")
        case .notFound:
            return .problem(
                "dkim", "Selector \(signer.selector) signs, but \(name) has no TXT record: receivers cannot verify.",
                "Publish: \(publish)")
        case .records(let records):
            switch DKIMRecord.verdict(records: records, for: signer.key) {
            case .matches:
                return .ok("dkim", "Selector \(signer.selector) signs, and \(name) publishes its public key.")
            case .revoked:
                return .problem(
                    "dkim", "\(name) publishes an empty key (p=): the selector was revoked.",
                    "Use another selector, or publish: \(publish)")
            case .otherKeyType(let type):
                return .problem(
                    "dkim", "\(name) publishes a \(type) key, but the key file is \(signer.key.summary).",
                    "Publish: \(publish)")
            case .otherKey:
                return .problem(
                    "dkim", "\(name) publishes another public key than the key file's: signatures will not verify.",
                    "Publish: \(publish)")
            case nil:
                return .problem(
                    "dkim", "\(name) has TXT records, but none is a DKIM key record: receivers cannot verify.",
                    "Publish: \(publish)")
            }
        }
    }
}

/// A key that did not sign the sample.
enum DoctorDKIMError: Error, CustomStringConvertible, Sendable {
    /// The sample carried no signature of this selector.
    case unsigned(String)

    var description: String {
        switch self {
        case .unsigned(let selector): "the sample message carried no signature of selector \(selector)."
        }
    }
}
