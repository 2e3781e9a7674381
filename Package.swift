// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Bulletin",
    products: [.executable(name: "bulletin", targets: ["bulletin"])],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // System libraries: the only places that see C.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // The system's OpenSSL libcrypto (the one libcurl links), for DKIM signatures only: see BulletinOpenSSL.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // The system resolver (res_query), for `bulletin doctor`'s DKIM record check.
        .systemLibrary(name: "CResolv"),

        // Pure Swift: models, validation, CSV, configuration.
        .target(
            name: "BulletinCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            exclude: ["Digest/Resources/Templates/web"],
            // Embedded in the binary so that `bulletin` renders from any folder, installed or not. The folder is a
            // link to the repository's Templates/: one copy, which users find and `init` copies.
            resources: [
                .embedInCode("Digest/Resources/Templates/digest.html.mustache"),
                .embedInCode("Digest/Resources/Templates/digest.txt.mustache"),
                .embedInCode("Digest/Resources/Templates/subject.txt.mustache"),
                .embedInCode("Digest/Resources/Templates/partials/article.html.mustache"),
                .embedInCode("Digest/Resources/Templates/partials/article.txt.mustache"),
                .embedInCode("Digest/Resources/Templates/README.md"),
            ]
        ),
        // SQLite: the database, migrations and the stores.
        .target(
            name: "BulletinStore",
            dependencies: ["BulletinCore", "CSQLite"]
        ),
        // libcurl: HTTP and SMTP.
        .target(
            name: "BulletinNet",
            dependencies: ["BulletinCore", "CCurl", "CResolv"]
        ),
        // DKIM signing keys in OpenSSL's libcrypto, which signs RSA-2048 2–3× faster than swift-crypto's BoringSSL
        // on processors with AVX-512 IFMA (README: "Signing").
        .target(
            name: "BulletinOpenSSL",
            dependencies: ["BulletinCore", "COpenSSL", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The use cases (send an issue, import, compose, subscribe…) and the environment they run in, built once
        // from the configuration: what the CLI and the web server call.
        .target(
            name: "BulletinApp",
            dependencies: [
                "BulletinCore", "BulletinStore", "BulletinNet", "BulletinOpenSSL",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `bulletin serve`: subscribe, confirm, one-click unsubscribe, preferences and the archive over HTTP.
        .target(
            name: "BulletinWeb",
            dependencies: [
                "BulletinApp", "BulletinCore", "BulletinStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // Embedded like the digest's templates, through a link to the repository's Templates/web/.
            resources: [
                .embedInCode("Resources/Templates/web/partials/head.html.mustache"),
                .embedInCode("Resources/Templates/web/partials/foot.html.mustache"),
                .embedInCode("Resources/Templates/web/subscribe.html.mustache"),
                .embedInCode("Resources/Templates/web/subscribed.html.mustache"),
                .embedInCode("Resources/Templates/web/confirm.html.mustache"),
                .embedInCode("Resources/Templates/web/confirmed.html.mustache"),
                .embedInCode("Resources/Templates/web/unsubscribe.html.mustache"),
                .embedInCode("Resources/Templates/web/unsubscribed.html.mustache"),
                .embedInCode("Resources/Templates/web/stop-topic.html.mustache"),
                .embedInCode("Resources/Templates/web/topic-stopped.html.mustache"),
                .embedInCode("Resources/Templates/web/preferences.html.mustache"),
                .embedInCode("Resources/Templates/web/archive.html.mustache"),
                .embedInCode("Resources/Templates/web/message.html.mustache"),
                .embedInCode("Resources/Templates/web/confirm-mail.txt.mustache"),
                .embedInCode("Resources/Templates/web/confirm-mail.html.mustache"),
            ]
        ),
        // The commands, and the one place where live parts are wired together.
        .target(
            name: "BulletinCLI",
            dependencies: [
                "BulletinApp", "BulletinCore", "BulletinStore", "BulletinNet", "BulletinWeb", "BulletinOpenSSL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "bulletin",
            dependencies: ["BulletinCLI"]
        ),
        // `make bench`'s measurements that need Bulletin's own code (messages, signatures, the SMTP transport, the
        // digest), one executable with a subcommand each. Not a product: built by Benchmarks/, never installed.
        .executableTarget(
            name: "BulletinBench",
            dependencies: ["BulletinCore", "BulletinNet", "BulletinOpenSSL"],
            path: "Benchmarks/BulletinBench"
        ),

        // What the tests share: the aiosmtpd test server they deliver to.
        .target(
            name: "BulletinTestSupport",
            path: "Tests/BulletinTestSupport",
            exclude: ["smtp_test_server.py", "dns_test_server.py", "feed_server.py", "site_test_server.py"]
        ),
        .testTarget(
            name: "BulletinCoreTests",
            dependencies: ["BulletinCore"],
            exclude: ["Snapshots", "Fixtures"]
        ),
        .testTarget(
            name: "BulletinStoreTests",
            dependencies: ["BulletinStore", "BulletinCore"]
        ),
        .testTarget(
            name: "BulletinNetTests",
            dependencies: ["BulletinNet", "BulletinTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "BulletinOpenSSLTests",
            dependencies: [
                "BulletinOpenSSL", "BulletinCore", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "BulletinWebTests",
            dependencies: [
                "BulletinApp", "BulletinWeb", "BulletinCore", "BulletinStore", "BulletinTestSupport", "bulletin",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "BulletinAppTests",
            dependencies: [
                "BulletinApp", "BulletinCore", "BulletinStore", "BulletinTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "BulletinCLITests",
            dependencies: [
                "BulletinApp", "BulletinCLI", "BulletinCore", "BulletinStore", "BulletinTestSupport", "bulletin",
            ]
        ),
    ]
)
