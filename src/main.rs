fn main() -> std::process::ExitCode {
    boundcheck::main()
}
