//! One module per file kind, each with a lossless tree, a printer and a semantic view.

pub mod compose;
pub mod compose_merge;
pub mod dockerfile;
pub mod dotenv;
pub mod ignorefile;
pub mod script;
pub mod shell;
pub mod yaml;
