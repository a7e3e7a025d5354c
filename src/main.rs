/// mimalloc rather than the system allocator: parsing allocates and frees many small nodes on
/// both cores, and glibc's malloc spent a fifth of a whole-corpus run in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_arena_eager_commit` (the fifth of mimalloc's options, `mimalloc.h`): left at its
/// default, mimalloc commits whole arenas up front on Linux, which doubled the peak memory of a
/// run; committed as used, the peak is glibc's.
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;

/// Runs before anything is allocated (the runtime allocates before `main`, and mimalloc reserves
/// its first arena on that first allocation, reading its options then).
extern "C" fn set_allocator_options() {
    // SAFETY: sets a plain option; nothing runs concurrently this early.
    unsafe { libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0) };
}

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static SET_ALLOCATOR_OPTIONS: extern "C" fn() = set_allocator_options;

fn main() {
    std::process::exit(dockfix::cli::main());
}
