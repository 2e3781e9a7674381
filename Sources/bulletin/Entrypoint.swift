import BulletinCLI

/// The `bulletin` executable: everything lives in BulletinCLI.
@main
struct Entrypoint {
    static func main() async {
        await BulletinMain.run()
    }
}
