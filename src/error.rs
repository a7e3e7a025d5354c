//! Errors about the user's files, always shown as `path:line:col: what went wrong`.

use std::fmt;
use std::path::Path;

#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    pub path: String,
    /// 1-based; 0 when the problem is the file as a whole (then shown as line 1, column 1).
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl InputError {
    pub fn new(path: &Path, line: usize, column: usize, message: impl Into<String>) -> InputError {
        InputError { path: path.display().to_string(), line, column, message: message.into() }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.path, self.line.max(1), self.column.max(1), self.message)
    }
}

impl std::error::Error for InputError {}
