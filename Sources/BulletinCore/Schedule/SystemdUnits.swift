/// The systemd units that run Bulletin as services, filled in for one installation: `bulletin-serve.service`
/// (the web endpoints), and `bulletin-send.timer` with `bulletin-send.service` (the systemd alternative to the
/// crontab line). `Examples/systemd/` holds them for `/srv/newsletter` (a test keeps the two identical).
///
/// - SeeAlso: systemd.service(5), systemd.exec(5), systemd.timer(5).
public struct SystemdUnits: Sendable, Equatable {
    /// The newsletter's name, for the descriptions.
    public var newsletter: String
    /// The `bulletin` executable.
    public var binary: String
    /// The configuration file.
    public var configuration: String
    /// The folder of the configuration: the working directory, and writable.
    public var siteFolder: String
    /// Other folders the services write to (the database's, when it is not inside the site folder).
    public var otherWritableFolders: [String] = []
    /// The dedicated user (and group) the services run as.
    public var user: String
    /// `[smtp] password_env`, when the password comes from the environment.
    public var passwordVariable: String?

    /// Describes an installation.
    public init(
        newsletter: String, binary: String, configuration: String, siteFolder: String,
        otherWritableFolders: [String] = [], user: String, passwordVariable: String? = nil
    ) {
        self.newsletter = newsletter
        self.binary = binary
        self.configuration = configuration
        self.siteFolder = siteFolder
        self.otherWritableFolders = otherWritableFolders
        self.user = user
        self.passwordVariable = passwordVariable
    }

    /// The unit files, by name, in the order to read them.
    public var files: [(name: String, text: String)] {
        [("bulletin-serve.service", serve), ("bulletin-send.service", send), ("bulletin-send.timer", timer)]
    }

    /// What every service shares: the user, the folder and the sandbox.
    private var execution: [String] {
        var lines = [
            "User=\(user)",
            "Group=\(user)",
            "WorkingDirectory=\(siteFolder)",
            "UMask=0077",
        ]
        if let passwordVariable {
            lines.append("# [smtp] password_env: put \(passwordVariable)=… in this file (mode 0600, owned by root).")
            lines.append("EnvironmentFile=/etc/bulletin/\(user).env")
        }
        lines += [
            "NoNewPrivileges=yes",
            "ProtectSystem=strict",
            "ProtectHome=\(protectHome)",
            "PrivateTmp=yes",
            "PrivateDevices=yes",
            "ProtectKernelTunables=yes",
            "ProtectKernelModules=yes",
            "ProtectControlGroups=yes",
            "RestrictSUIDSGID=yes",
            "LockPersonality=yes",
            "ReadWritePaths=" + ([siteFolder] + otherWritableFolders).map(Self.quoted).joined(separator: " "),
        ]
        return lines
    }

    /// `yes` hides the home folders; `read-only` when the installation lives in one (ReadWritePaths then opens
    /// its folders again).
    private var protectHome: String {
        let paths = [binary, configuration, siteFolder] + otherWritableFolders
        let inHome = paths.contains { $0.hasPrefix("/home/") || $0.hasPrefix("/root/") || $0 == "/root" }
        return inHome ? "read-only" : "yes"
    }

    private var header: [String] {
        [
            "# Made by `bulletin schedule --systemd`. The services run as the dedicated user \(user), who owns",
            "# \(siteFolder): useradd --system --home-dir \(siteFolder) --shell /usr/sbin/nologin \(user)",
        ]
    }

    /// `bulletin-serve.service`: `bulletin serve`, restarted on failure, stopped with SIGTERM (it finishes the
    /// requests in flight and sends the queued confirmation messages, then exits 0).
    public var serve: String {
        lines(
            header + [
                "[Unit]",
                "Description=Bulletin subscription pages (\(newsletter))",
                "After=network-online.target",
                "Wants=network-online.target",
                "",
                "[Service]",
                "Type=simple",
                "ExecStart=\(Self.quoted(binary)) serve --config \(Self.quoted(configuration))",
                "KillSignal=SIGTERM",
                "TimeoutStopSec=30",
                "Restart=on-failure",
                "RestartSec=5",
            ] + execution + [
                "",
                "[Install]",
                "WantedBy=multi-user.target",
            ])
    }

    /// `bulletin-send.service`: one run of `send --if-due --quiet`, started by the timer.
    public var send: String {
        lines(
            header + [
                "# Started by bulletin-send.timer. Exit 75 (deferred messages, a busy database) shows the unit as",
                "# failed until a later run succeeds; the timer runs it again in 15 minutes.",
                "[Unit]",
                "Description=Send the weekly issue of \(newsletter) when it is due",
                "After=network-online.target",
                "Wants=network-online.target",
                "",
                "[Service]",
                "Type=oneshot",
                "ExecStart=\(Self.quoted(binary)) send --if-due --quiet --config \(Self.quoted(configuration))",
                "KillSignal=SIGTERM",
            ] + execution)
    }

    /// `bulletin-send.timer`: every 15 minutes, as the crontab line, and once at boot for a missed run.
    public var timer: String {
        lines([
            "# Made by `bulletin schedule --systemd`: the systemd alternative to the crontab line. Enable it with",
            "# systemctl enable --now bulletin-send.timer",
            "[Unit]",
            "Description=Send the weekly issue of \(newsletter) when it is due, every 15 minutes",
            "",
            "[Timer]",
            "OnCalendar=*:0/15",
            "Persistent=true",
            "Unit=bulletin-send.service",
            "",
            "[Install]",
            "WantedBy=timers.target",
        ])
    }

    private func lines(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }

    /// A path as systemd reads it: quoted when it has white space or quotes.
    static func quoted(_ path: String) -> String {
        path.contains(where: { $0 == " " || $0 == "\"" || $0 == "\\" || $0 == "\t" })
            ? "\"" + path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\"" : path
    }
}
