import Foundation

// BulletinBench: the measurements behind `make bench` that need Bulletin's own code, one subcommand each. An
// executable target of the package, not a product: it is built by the Benchmarks/ scripts and never installed.
//
//   BulletinBench messages [count [mode]]         messages built and signed per CPU-second (bench-messages.sh)
//   BulletinBench signatures [seconds]            DKIM signatures per CPU-second, OpenSSL and swift-crypto
//   BulletinBench smtp PORT MESSAGES CONNECTIONS [SIZE]   the SMTP transport against smtp-sink (bench-smtp.sh)
//   BulletinBench digest [subscribers [baseline]] personalized digests per core (bench-digest.sh)
//   BulletinBench topics [count]                  messages with topic sections per CPU-second (bench-topics.sh)

let arguments = Array(CommandLine.arguments.dropFirst())
let numbers = arguments.dropFirst().compactMap { Int($0) }
do {
    switch arguments.first {
    case "messages":
        try messagesBench(count: numbers.first ?? 20_000, only: arguments.count > 2 ? arguments[2] : nil)
    case "signatures":
        try signaturesBench(seconds: arguments.dropFirst().first.flatMap { Double($0) } ?? 3)
    case "smtp" where numbers.count >= 3:
        try SMTPBench.run(
            port: numbers[0], count: numbers[1], connections: numbers[2],
            size: numbers.count > 3 ? numbers[3] : 25_000)
    case "digest":
        try digestBench(subscribers: numbers.first ?? 100_000, baselineSubscribers: numbers.dropFirst().first ?? 2_000)
    case "topics":
        try topicsBench(count: numbers.first ?? 50_000)
    default:
        FileHandle.standardError.write(
            Data(
                ("usage: BulletinBench messages [count [mode]] | signatures [seconds] "
                    + "| smtp PORT MESSAGES CONNECTIONS [SIZE] | digest [subscribers [baseline]] | topics [count]\n")
                    .utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("BulletinBench: \(error)\n".utf8))
    exit(1)
}
