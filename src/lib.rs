//! dockfix: a codemod that hardens container setups, editing files in place without disturbing
//! anything it does not mean to change.

pub mod analysis;
pub mod catalog;
pub mod credentials;
pub mod data;
pub mod cli;
pub mod config;
pub mod discover;
pub mod disk;
pub mod edit;
pub mod engine;
pub mod generated;
pub mod parallel;
pub mod partition;
pub mod error;
pub mod fsio;
pub mod images;
pub mod project;
pub mod references;
pub mod render;
pub mod source;
pub mod style;
pub mod suppress;
pub mod syntax;
pub mod transforms;
