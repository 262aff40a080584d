fn main() -> std::process::ExitCode {
    boundcheck::run(std::env::args_os())
}
