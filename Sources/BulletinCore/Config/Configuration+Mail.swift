import Foundation

extension Configuration {
    /// The keys that shape every message, from `[newsletter]` and `[links]`.
    public struct Mail: Sendable, Equatable {
        /// `[newsletter] list_id`: the List-Id identifier, like `weekly.example.org`.
        public var listID: String
        /// `[newsletter] feedback_id`: the Feedback-ID value, if any.
        public var feedbackID: String?
        /// `[newsletter.extra_headers]`: extra header fields, sorted by name.
        public var extraHeaders: [MessageSettings.ExtraHeader]
        /// `[links] base_url`: where the unsubscribe and preferences links point (`bulletin serve` behind the
        /// site's proxy); defaults to `[newsletter] site_url`.
        public var linkBaseURL: URL
        /// `[links] unsubscribe_email`: the List-Unsubscribe mailto address; defaults to the From address.
        public var unsubscribeAddress: EmailAddress
    }

    /// `[dkim]`: the signing domain and one or two keys.
    public struct DKIM: Sendable, Equatable {
        /// `[dkim] domain`: the `d=` domain; defaults to the From address's domain.
        public var domain: String
        /// The keys, in the order their signatures are added: `selector`/`private_key`/`algorithm`, then the
        /// `second_…` keys when double-signing.
        public var keys: [Key]

        /// One configured key.
        public struct Key: Sendable, Equatable {
            /// The selector.
            public var selector: String
            /// The PEM private key file.
            public var privateKey: URL
            /// The algorithm.
            public var algorithm: DKIMAlgorithm
        }
    }
}

extension Configuration {
    /// The envelope sender of every message Bulletin sends (where bounces go): `[smtp] envelope_from`, else the
    /// newsletter's From address.
    public var envelopeSender: EmailAddress { smtp.envelopeFrom ?? newsletter.from.address }
}

extension MessageSettings {
    /// The settings the configuration gives.
    public init(configuration: Configuration) {
        self.init(
            from: configuration.newsletter.from, replyTo: configuration.newsletter.replyTo,
            listName: configuration.newsletter.name, listID: configuration.mail.listID,
            linkBaseURL: configuration.mail.linkBaseURL.absoluteString,
            unsubscribeAddress: configuration.mail.unsubscribeAddress, feedbackID: configuration.mail.feedbackID,
            extraHeaders: configuration.mail.extraHeaders)
    }
}

extension Configuration.DKIM {
    /// Reads every configured key and makes its signer, in signature order.
    ///
    /// - Throws: ``DKIMKeyError`` naming the key file that cannot be used.
    public func signers() throws -> [DKIMSigner] {
        try keys.map(signer)
    }

    /// Reads one key and makes its signer.
    ///
    /// - Throws: ``DKIMKeyError`` naming the key file when it cannot be used.
    public func signer(for key: Key) throws -> DKIMSigner {
        DKIMSigner(
            key: try DKIMPrivateKey(contentsOf: key.privateKey, algorithm: key.algorithm), domain: domain,
            selector: key.selector)
    }
}
