import BulletinApp
import BulletinCore
import BulletinStore
import BulletinWeb
import Foundation
import Testing

@testable import BulletinCLI
@testable import BulletinNet

#if canImport(Glibc)
    import Glibc
#endif

/// The exit codes and the printed sentences the command line gives the errors of Core, Store, Net and Web, in
/// process: the layers below say what is wrong, and only the CLI knows the code a script sees and the command that
/// puts it right.
@Suite("errors: exit codes and sentences")
struct ErrorExitStatusTests {
    // MARK: - App

    @Test func theAppsErrorsGetTheirCommandsFromTheCLI() throws {
        let removed = RemovedAddressError(
            email: "dave@example.org", removedAt: try #require(Timestamp.parse("2026-11-20T10:00:00Z")),
            command: .show)
        #expect(!removed.description.contains("bulletin"))
        #expect(
            removed.sentence
                == "dave@example.org was removed on 2026-11-20 (only a hash of the address is "
                + "kept), so there is nothing to show; `bulletin subscribers add dave@example.org --force` or "
                + "`bulletin subscribers import --resubscribe` brings it back, only if they have asked to "
                + "subscribe again.")
        let halted = SendStop.halted(week: "2026-W47", reason: "too many refusals")
        #expect(!halted.description.contains("bulletin"))
        #expect(halted.sentence.contains("bulletin send --week 2026-W47 --resume"))
        let interrupted = SendStop.interrupted(signal: "SIGTERM", week: "2026-W47", queued: 3, unknown: 1)
        #expect(interrupted.sentence.hasSuffix("; run `bulletin send --week 2026-W47` to go on."))
        #expect(interrupted.sentence.contains("unknown (`bulletin status --week 2026-W47`)"))
        let deferred = SendIncomplete.deferred(week: "2026-W47", count: 2, next: nil, ifDue: true)
        #expect(!deferred.description.contains("bulletin"))
        #expect(deferred.sentence.contains("cron's next run retries them"))
        #expect(StatusError.nothingSent.sentence == "no issue has been sent yet; `bulletin send` sends the first one.")
        #expect(DryRunError.notAFolder("/tmp/x").sentence.hasPrefix("--dry-run /tmp/x is a file"))
        #expect(TestSendError.badAddress("x", "no @").sentence.hasPrefix("--test x is not a usable address"))
        #expect(PreviewError.unknownSubscriber("a@b.c").sentence.contains("preview without --for"))
        #expect(ViewsImportError.notCombined("log", "x").sentence.contains("--format csv"))
        for error in [
            removed.description, halted.description, interrupted.description, deferred.description,
            StatusError.notSent("2026-W47").description, DryRunError.notAFolder("/x").description,
            TestSendError.badAddress("x", "y").description, PreviewError.unknownSubscriber("a@b.c").description,
            ViewsImportError.notCombined("log", "x").description,
        ] {
            #expect(!error.contains("bulletin") && !error.contains("--"), "\(error)")
        }
    }

    // MARK: - Core

    @Test func theExitCodesAreThoseOfSysexits() {
        #expect(BulletinCLI.ExitStatus.noInput.rawValue == 66)
        #expect(
            BulletinCLI.ExitStatus.allCases.map(\.rawValue) == [0, 64, 65, 66, 69, 70, 73, 74, 75, 78])
    }

    private static func configurationError(_ body: String) -> ConfigurationError? {
        do {
            _ = try ConfigurationLoader.parse(
                "[newsletter]\nname = \"T\"\nfrom = \"News <news@example.org>\"\nsite_url = \"https://example.org\"\n"
                    + body,
                file: URL(fileURLWithPath: "/tmp/bulletin.toml"), displayName: "bulletin.toml")
            return nil
        } catch {
            return error as? ConfigurationError
        }
    }

    @Test(arguments: [
        "[smtp]\nurl = \"smtp://127.attacker.example:25\"\ntls = \"none\"\n", "[smtp]\nconnections = 0\n",
        "[dkim]\nselector = \"s\"\n", "[digest]\narticles = 0\n", "[store]\nbusy_timeout = -1\n", "nmae = \"typo\"\n",
    ])
    func aConfigurationErrorIsExit78(body: String) throws {
        let error = try #require(Self.configurationError(body))
        #expect(error.exitStatus == .configuration)
        #expect(ConfigurationError(file: "bulletin.toml", key: "smtp.rate", problem: "x.").exitStatus == .configuration)
    }

    @Test func whatIsMissingIsMadeByTheCommandTheSentenceNames() throws {
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.load(path: "/nonexistent/bulletin.toml") }
        do {
            _ = try ConfigurationLoader.load(path: "/nonexistent/bulletin.toml")
        } catch let error as ConfigurationError {
            #expect(!error.description.contains("bulletin init"))
            #expect(
                error.sentence
                    == "/nonexistent/bulletin.toml: no configuration file here; run `bulletin init` to make one, or "
                    + "pass --config FILE or set BULLETIN_CONFIG.")
        }
        let key = try #require(Self.configurationError("[dkim]\nselector = \"s\"\n"))
        #expect(
            key.description == "bulletin.toml: dkim.private_key: is missing; give the file of a DKIM private key here.")
        #expect(
            key.sentence
                == "bulletin.toml: dkim.private_key: is missing; make a key with `bulletin dkim keygen` and give its "
                + "file here.")
        let templates = try #require(Self.configurationError("[digest]\ntemplates = \"/nonexistent/Templates\"\n"))
        #expect(
            templates.sentence
                == "bulletin.toml: digest.templates: names /nonexistent/Templates, which is not a folder; create it "
                + "(bulletin init writes one) or remove the key to use the stock templates.")
        #expect(!templates.description.contains("bulletin init"))
        let other = try #require(Self.configurationError("[smtp]\nconnections = 0\n"))
        #expect(other.sentence == other.description)
    }

    @Test func aFeedWithoutAUsableItemIsExit65() {
        let error = FeedError(source: "feed.xml", line: 3, column: 1, problem: .noUsableItem("no link"))
        #expect(error.exitStatus == .dataError)
        #expect(FeedError(source: "f", line: 1, column: 1, problem: .malformed("x")).exitStatus == .dataError)
    }

    @Test func aMissingMailboxIsExit66AndAnUnreadableOneExit74() {
        #expect(InboundMailboxError.missing("/nonexistent/Maildir").exitStatus == .noInput)
        #expect(InboundMailboxError.unreadable("/m", "denied").exitStatus == .ioError)
        #expect(InboundMailboxError.cannotMove("/m", "denied").exitStatus == .ioError)
    }

    @Test func aTemplateOfThePersonsIsExit78AndAStockOneExit70() {
        let own = DigestTemplateError.unknownVariable(
            template: "partials/article.html", origin: "/srv/news/Templates", line: 3, variable: "sumary")
        #expect(own.exitStatus == .configuration)
        let stock = DigestTemplateError.syntax(
            template: "digest.html", origin: TemplateSet.stockOrigin, line: 1, column: 1, problem: "x")
        #expect(stock.exitStatus == .software)
        #expect(DigestTemplateError.unreadable(path: "/t", problem: "x").exitStatus == .configuration)
    }

    @Test func anUnusableAddressIsExit65() {
        #expect(throws: EmailAddressError.self) { try EmailAddress("x@localhost") }
        do {
            _ = try EmailAddress("x@localhost")
        } catch let error as EmailAddressError {
            #expect(error.exitStatus == .dataError)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(arguments: [ENOENT, ENOTDIR, EACCES, EISDIR])
    func aFileThatIsNotThereOrCannotBeOpenedIsNoInput(code: Int32) {
        #expect(InputFileError(path: "/x.csv", code: code).exitStatus == .noInput)
    }

    @Test(arguments: [EIO, ENOMEM, EBADF])
    func otherReadErrorsAreIOErrors(code: Int32) {
        #expect(InputFileError(path: "/x.csv", code: code).exitStatus == .ioError)
    }

    @Test func openingAMissingFileThrowsNoInput() {
        #expect {
            _ = try InputFile(path: "/nonexistent/bulletin.csv")
        } throws: { error in
            (error as? InputFileError)?.exitStatus == .noInput
        }
    }

    @Test func tokenErrorsAreDataErrorsAndSecretErrorsConfiguration() {
        #expect(LinkTokenError.tampered.exitStatus == .dataError)
        #expect(LinkTokenError.malformed.exitStatus == .dataError)
        #expect(LinkSecretError.notBase64("/n/bulletin.secret").exitStatus == .configuration)
        #expect(LinkSecretError.unreadable("/n/bulletin.secret", reason: "x").exitStatus == .configuration)
        #expect(LinkSecretError.tooShort("/n/bulletin.secret", length: 8).exitStatus == .configuration)
    }

    @Test func theLinkSecretsSentencesSayToRunInit() {
        #expect(
            LinkSecretError.unreadable("/n/bulletin.secret", reason: "no such file").sentence
                == "The link secret /n/bulletin.secret cannot be read (no such file); run `bulletin init` in the "
                + "newsletter's folder to create it, or fix [links] secret_file.")
        #expect(
            LinkSecretError.notBase64("/n/s").sentence
                == "The link secret /n/s is not base64url text; restore it from a backup, or delete it and run "
                + "`bulletin init` (a new secret voids every link already mailed).")
        #expect(
            LinkSecretError.tooShort("/n/s", length: 8).sentence
                == "The link secret /n/s holds 8 bytes, fewer than the 32 needed; delete it and run `bulletin init` "
                + "to make a new one (a new secret voids every link already mailed).")
        #expect(!LinkSecretError.notBase64("/n/s").description.contains("bulletin init"))
    }

    @Test func dkimKeyErrorsAreExit78AndNameTheDKIMCommands() {
        #expect(DKIMKeyError.unreadable("k.pem", reason: "x").exitStatus == .configuration)
        #expect(DKIMKeyError.tooWeak("k.pem", bits: 512).exitStatus == .configuration)
        #expect(DKIMKeyError.signingFailed("x").exitStatus == .software)
        #expect(
            DKIMKeyError.unreadable("k.pem", reason: "no such file").sentence
                == "The DKIM private key k.pem cannot be read (no such file); make one with `bulletin dkim keygen`, "
                + "or fix [dkim] private_key.")
        #expect(
            DKIMKeyError.notAKey("k.pem", .ed25519SHA256).sentence
                == "k.pem is not a PEM ed25519 private key; make one with `bulletin dkim keygen --algorithm "
                + "ed25519-sha256`, or fix [dkim] algorithm to match the key.")
        #expect(
            DKIMKeyError.tooWeak("k.pem", bits: 512).sentence
                == "The RSA key k.pem has 512 bits; verifiers ignore keys under 1024 bits and RFC 8301 asks for "
                + "2048, so make a new one with `bulletin dkim keygen`.")
        #expect(
            DKIMKeyError.signingFailed("bad").sentence
                == "DKIM signing failed (bad); check the key with `bulletin dkim check`.")
    }

    @Test func messageTemplateErrorsAreExit78UnlessTheBoundaryIsABug() {
        #expect(MessageTemplateError.invalidHeaderName("To").exitStatus == .configuration)
        #expect(MessageTemplateError.invalidHeaderValue("X").exitStatus == .configuration)
        #expect(MessageTemplateError.invalidBoundary("x").exitStatus == .software)
    }

    @Test func otherCoreErrorsKeepTheirCodes() {
        #expect(PrivateFileError.exists("/k").exitStatus == .cannotCreate)
        #expect(PrivateFileError.cannotCreate("/k", reason: "x").exitStatus == .cannotCreate)
        #expect(ViewsCSVError(line: 2, problem: "x").exitStatus == .dataError)
        #expect(SubscriberCSVSourceError.empty("a.csv").exitStatus == .dataError)
        #expect(SubscriberCSVHeaderError.json.exitStatus == .dataError)
    }

    @Test func aViewsExportHeaderGetsItsOptionFromTheCLIAlone() {
        let dateless = ViewsCSVError(line: 1, problem: "no date", remedy: .givePeriod)
        #expect(!dateless.description.contains("--period"))
        #expect(
            dateless.sentence == "line 1: no date; give them with --period FIRST..LAST (for example --period "
                + "2026-11-16..2026-11-22).")
        let header = ViewsCSVError(line: 3, problem: "no views column", remedy: .exportWithHeader)
        #expect(!header.description.contains("bulletin"))
        #expect(header.sentence.hasSuffix("(see `bulletin help views import`)."))
        #expect(ViewsCSVError(line: 2, problem: "x").sentence == "line 2: x; fix the row or remove it.")
    }

    // MARK: - Store

    @Test func aFileThatIsNotADatabaseIsExit65() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-errors-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("notes.txt").path
        try Data(String(repeating: "not a database\n", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: SQLiteError.self) { try Database(path: path, mode: .existing) }
        #expect(error.exitStatus == .dataError)
        #expect(error.sentence == error.description)
    }

    @Test(arguments: [
        (Int32(5), BulletinCLI.ExitStatus.temporaryFailure), (6, .temporaryFailure), (8, .ioError), (10, .ioError),
        (13, .ioError),
        (14, .ioError), (23, .ioError), (11, .dataError), (20, .dataError), (26, .dataError), (1, .software),
        (261, .temporaryFailure),
    ])
    func sqliteCodesMapToExitCodes(code: Int32, status: BulletinCLI.ExitStatus) {
        #expect(SQLiteError(code: code, message: "m", context: "c").exitStatus == status)
    }

    @Test func aMissingDatabaseSaysToRunInit() {
        let missing = DatabaseOpenError.missing("/n/bulletin.sqlite")
        #expect(missing.exitStatus == .configuration)
        #expect(
            missing.sentence
                == "there is no database at /n/bulletin.sqlite; run `bulletin init` to create one, or fix [store] "
                + "path in the configuration.")
        #expect(DatabaseOpenError.newerSchema(path: "/d", found: 9, known: 6).exitStatus == .configuration)
        #expect(DatabaseOpenError.cannotCreateFolder("/d").exitStatus == .cannotCreate)
        #expect(DatabaseOpenError.cannotCreateFile("/d", "x").exitStatus == .cannotCreate)
    }

    @Test func subscriberStoreErrorsNameTheSubscriberCommands() {
        #expect(SubscriberStoreError.notFound("a@example.org").exitStatus == .dataError)
        #expect(SubscriberStoreError.removalsNeedSecret.exitStatus == .configuration)
        #expect(
            SubscriberStoreError.notFound("a@example.org").sentence
                == "no subscriber has the address a@example.org; check the spelling, or list them with "
                + "`bulletin subscribers list --search`.")
        #expect(
            SubscriberStoreError.alreadySubscribed("a@example.org", .active).sentence
                == "a@example.org is already a subscriber (active); see `bulletin subscribers show a@example.org`.")
        #expect(
            SubscriberStoreError.wasRemoved("a@example.org", Date(timeIntervalSince1970: 1_795_000_000)).sentence
                == "a@example.org was removed on 2026-11-18 and their data erased; add --force only if they have "
                + "asked to subscribe again.")
        #expect(
            SubscriberStoreError.suppressed("a@example.org", .bounced).sentence
                == "a@example.org is bounced (their address bounced); add --force only if they have asked to "
                + "receive the newsletter again.")
    }

    @Test func sendAndBackupErrorsKeepTheirCodesAndCommands() {
        #expect(SendLockError.busy(pid: 42).exitStatus == .temporaryFailure)
        #expect(SendLockError.cannotOpen("/l", "x").exitStatus == .cannotCreate)
        #expect(
            SendLockError.busy(pid: 42).sentence
                == "another send is running (pid 42); wait for it to finish, or see `bulletin status`.")
        #expect(SendJournalError.cannotWrite("/j", "x").exitStatus == .cannotCreate)
        #expect(SendJournalError.cannotRead("/j").exitStatus == .ioError)
        #expect(DeliveryLedgerError.alreadyFrozen("2026-W47").exitStatus == .temporaryFailure)
        #expect(
            DeliveryLedgerError.alreadyFrozen("2026-W47").sentence
                == "the issue of 2026-W47 was frozen already by another send; run `bulletin send --week 2026-W47` "
                + "again to resume it.")
        #expect(BackupError.exists("/b").exitStatus == .cannotCreate)
        #expect(BackupError.cannotWrite("/b", "x").exitStatus == .cannotCreate)
        #expect(BackupError.beforeMigration("/b", "x").exitStatus == .cannotCreate)
        #expect(BackupError.damagedCopy("/b", ["x"]).exitStatus == .ioError)
        #expect(BackupError.notRestorable("/b", "x").exitStatus == .dataError)
        #expect(BackupError.inUse("/b").exitStatus == .temporaryFailure)
        #expect(
            BackupError.damagedCopy("/b", ["bad page"]).sentence
                == "the copy /b failed its integrity check (bad page), so it was not kept; run `bulletin doctor` "
                + "to check the database, then try again.")
        #expect(
            BackupError.notRestorable("/b", "it is empty").sentence
                == "/b cannot be restored: it is empty; give a file made by `bulletin store backup`.")
        #expect(
            BackupError.inUse("/d").sentence
                == "/d is open in another process (`bulletin serve`, or a command still running); stop it, restore, "
                + "then start it again.")
    }

    // MARK: - Net

    @Test func feedFetchErrorsAreUnavailableUnlessLibcurlOrTheURLIsAtFault() {
        #expect(HTTPFetchError.status(url: "http://127.0.0.1/missing.xml", code: 404).exitStatus == .unavailable)
        #expect(HTTPFetchError.timeout(url: "u", seconds: 1).exitStatus == .unavailable)
        #expect(
            HTTPFetchError.optionRefused(url: "https://example.org/feed.xml", option: 10_002, curlCode: 48).exitStatus
                == .software)
        #expect(HTTPFetchError.cannotStart.exitStatus == .software)
        #expect(HTTPFetchError.unsupportedURL("file:///etc/passwd").exitStatus == .usage)
    }

    private static func reply(_ code: Int, _ text: String = "text") -> SMTPReply {
        SMTPReply(code: code, lines: [text])
    }

    @Test(arguments: [
        (530, "5.7.0 Authentication required", BulletinCLI.ExitStatus.configuration),
        (530, "Must issue a STARTTLS command first", .configuration),
        (553, "5.7.1 Sender address not owned by user", .configuration),
        (554, "5.7.1 Sender refused by policy", .configuration),
        (550, "text", .configuration),
        (451, "4.3.0 Try again later", .unavailable),
        (421, "4.7.0 closing", .unavailable),
    ])
    func aRefusedSenderIsExit78For5xxAnd69For4xx(code: Int, text: String, status: BulletinCLI.ExitStatus) {
        let error = SMTPError.senderRefused(
            relay: "relay:25", sender: "news@example.org", username: "news", reply: Self.reply(code, text))
        #expect(error.exitStatus == status)
    }

    @Test func relayWideFailuresKeepTheirCodes() {
        #expect(
            SMTPError.sessionRefused(relay: "relay:25", reply: Self.reply(421, "4.7.0 closing")).exitStatus
                == .unavailable)
        #expect(SMTPError.sessionRefused(relay: "relay:25", reply: Self.reply(421)).exitStatus == .unavailable)
        #expect(SMTPError.sessionRefused(relay: "relay:25", reply: Self.reply(554)).exitStatus == .unavailable)
        #expect(SMTPError.sessionRefused(relay: "relay:25", reply: Self.reply(530)).exitStatus == .configuration)
        #expect(SMTPError.sessionRefused(relay: "relay:25", reply: Self.reply(535)).exitStatus == .configuration)
        #expect(SMTPError.unreachable(relay: "127.0.0.1:1", curlCode: 7, detail: "x").exitStatus == .unavailable)
        #expect(SMTPError.tlsFailed(relay: "r", curlCode: 60, detail: "x").exitStatus == .configuration)
        #expect(
            SMTPError.authenticationFailed(relay: "r", username: "bulletin", reply: Self.reply(535)).exitStatus
                == .configuration)
        #expect(
            SMTPError.authenticationFailed(relay: "r", username: "bulletin", reply: nil).exitStatus == .configuration)
        #expect(SMTPError.setupFailed(detail: "x").exitStatus == .software)
    }

    @Test func theProbesProblemsKeepTheirCodes() {
        let refused = SMTPError.senderRefused(
            relay: "127.0.0.1:25", sender: "news@example.org", username: nil, reply: Self.reply(553))
        #expect(
            SMTPProbe.Problem(description: "d", key: "smtp.envelope_from", cause: .senderRefused(refused)).exitStatus
                == .configuration)
        let later = SMTPError.senderRefused(
            relay: "127.0.0.1:25", sender: "news@example.org", username: nil, reply: Self.reply(451))
        #expect(SMTPProbe.Problem(description: "d", key: nil, cause: .senderRefused(later)).exitStatus == .unavailable)
        #expect(SMTPProbe.Problem(description: "d", key: "smtp.url", cause: .noSenderReply).exitStatus == .unavailable)
        #expect(
            SMTPProbe.Problem(description: "d", key: "smtp.username", cause: .loginMissing).exitStatus
                == .configuration)
    }

    // MARK: - Web

    @Test func webServerErrorsAreExit69Or78() {
        #expect(WebServerError.cannotListen(host: "127.0.0.1", port: 80, reason: "x").exitStatus == .unavailable)
        #expect(WebServerError.template(name: "confirm.html", origin: "/t", problem: "x").exitStatus == .configuration)
        #expect(WebServerError.unreadableTemplate(path: "/t/a", problem: "x").exitStatus == .configuration)
    }

    @Test func flagsAreNamedByTheCLIAlone() {
        let listen = WebServerError.cannotListen(host: "127.0.0.1", port: 8080, reason: "address in use")
        #expect(!listen.description.contains("--port"))
        #expect(
            listen.sentence
                == "cannot listen on 127.0.0.1:8080 (address in use); stop whatever uses that port or pick another "
                + "with --port or [web] port.")
        #expect(!SubscriberCSVHeaderError.json.description.contains("--format"))
        #expect(
            SubscriberCSVHeaderError.json.sentence
                == "the file is JSON, and import reads CSV; export with --format csv (the default) to move "
                + "subscribers between databases.")
        #expect(
            SubscriberCSVHeaderError.repeatedColumn("a").sentence
                == SubscriberCSVHeaderError.repeatedColumn("a").description)
    }

    @Test func aBrokenOverrideTemplateIsExit78() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("web-templates-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{{#open}} never closed".utf8).write(to: folder.appendingPathComponent("confirm.html.mustache"))
        let error = try #require(throws: WebServerError.self) { try WebTemplates(overrides: folder) }
        #expect(error.exitStatus == .configuration)
    }
}
