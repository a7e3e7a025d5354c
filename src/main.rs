fn main() {
    std::process::exit(dockfix::cli::main());
}
