//! Reading a shell command line as plain words, when it is only that.
//!
//! `CMD node server.js` runs `/bin/sh -c "node server.js"`. When the command uses no shell
//! feature (expansions, pipes, lists, redirections, globs, ...), the shell only splits words and
//! removes quotes, so the exec form `["node", "server.js"]` runs the same program with the same
//! arguments. This module decides that, conservatively: anything it does not fully understand
//! counts as a shell feature.

/// The outcome of reading a command line.
#[derive(Debug, Clone, PartialEq)]
pub enum Words {
    /// Plain words: the exec form of the command.
    Plain(Vec<String>),
    /// The command needs a shell; the string names the first feature found.
    NeedsShell(String),
}

/// Characters with a meaning to the shell outside quotes.
const SPECIAL: &[char] = &['$', '`', '|', '&', ';', '<', '>', '(', ')', '*', '?', '[', ']', '{', '}', '\n'];

/// Words that are shell syntax or builtins: a command starting with one needs the shell.
const BUILTINS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "function", "cd",
    "export", "source", ".", "set", "unset", "eval", "trap", "ulimit", "umask", "alias", "read", "wait", "shift",
    "test", "[", "[[", "!", "{", "}", "local", "return", "exit", "break", "continue",
];

pub fn split(command: &str) -> Words {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = command.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(inner) => word.push(inner),
                        None => return needs("an unclosed quote"),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('$') => return needs("`$` (an expansion)"),
                        Some('`') => return needs("a command substitution"),
                        Some('\\') => match chars.next() {
                            Some(next @ ('$' | '`' | '"' | '\\')) => word.push(next),
                            Some('\n') => {}
                            Some(next) => {
                                word.push('\\');
                                word.push(next);
                            }
                            None => return needs("an unclosed quote"),
                        },
                        Some(inner) => word.push(inner),
                        None => return needs("an unclosed quote"),
                    }
                }
            }
            '\\' => match chars.next() {
                Some('\n') => {}
                Some(next) => {
                    in_word = true;
                    word.push(next);
                }
                None => return needs("a trailing backslash"),
            },
            '#' if !in_word => return needs("a comment"),
            '~' if !in_word => return needs("`~` (home expansion)"),
            c if SPECIAL.contains(&c) => return needs(&format!("`{c}`")),
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    if words.first().is_some_and(|w| w == "exec") {
        // `exec prog args` replaces the shell with `prog args`: the same as running it directly.
        words.remove(0);
    }
    match words.first() {
        None => needs("no command"),
        Some(first) if BUILTINS.contains(&first.as_str()) => needs(&format!("the shell word `{first}`")),
        Some(first) if is_assignment(first) => needs("a variable assignment"),
        Some(_) => Words::Plain(words),
    }
}

fn needs(feature: &str) -> Words {
    Words::NeedsShell(feature.to_string())
}

fn is_assignment(word: &str) -> bool {
    word.split_once('=')
        .is_some_and(|(name, _)| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

/// The exec-form JSON array of `words`: `["a", "b c"]`.
pub fn exec_form(words: &[String]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| serde_json::to_string(w).expect("a string serializes")).collect();
    format!("[{}]", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(words: &[&str]) -> Words {
        Words::Plain(words.iter().map(|w| w.to_string()).collect())
    }

    #[test]
    fn plain_words_with_quotes() {
        assert_eq!(split("node server.js"), plain(&["node", "server.js"]));
        assert_eq!(
            split("  gunicorn -b '0.0.0.0:80' \"app:create_app()\" "),
            plain(&["gunicorn", "-b", "0.0.0.0:80", "app:create_app()"])
        );
        assert_eq!(split("echo \"a \\\"b\\\" c\" 'd\\e' f\\ g"), plain(&["echo", "a \"b\" c", "d\\e", "f g"]));
        assert_eq!(split("exec nginx -g 'daemon off;'"), plain(&["nginx", "-g", "daemon off;"]));
        assert_eq!(split("python -c ''"), plain(&["python", "-c", ""]));
    }

    #[test]
    fn shell_features_are_refused() {
        for command in [
            "echo $HOME",
            "echo \"$HOME\"",
            "a && b",
            "a; b",
            "a | b",
            "a > log",
            "ls *.txt",
            "echo `date`",
            "FOO=1 run",
            "cd /app",
            "run # comment",
            "echo 'unclosed",
            "ls ~/x",
            "",
            "exec",
            "(sub)",
        ] {
            assert!(matches!(split(command), Words::NeedsShell(_)), "{command:?}");
        }
    }

    #[test]
    fn exec_form_is_json() {
        assert_eq!(exec_form(&["a".into(), "b \"c\"".into()]), r#"["a", "b \"c\""]"#);
    }
}
