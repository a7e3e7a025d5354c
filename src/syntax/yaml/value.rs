//! What a YAML document means, with yaml-rust2: loading, merge keys, and the semantic side of
//! every edit so that the engine can check `after == before + intended change`.

use super::locate::Seg;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};
use yaml_rust2::{Yaml, YamlLoader, yaml::Hash};

/// A value dockfix inserts. Rendering (quotes, block or flow) is the edit recipe's job.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string: quoted when it would not read back as the same string.
    Str(String),
    /// A plain scalar taken as YAML types it (`true`, `5`, `unless-stopped`).
    Plain(String),
    /// A string written with this quote character (to match a neighbour).
    Quoted(String, char),
    Seq(Vec<Value>),
    /// A sequence written in flow style even inside a block mapping (`test: ["CMD", "x"]`).
    FlowSeq(Vec<Value>),
    Map(Vec<(String, Value)>),
}

impl Value {
    pub fn str(text: &str) -> Value {
        Value::Str(text.to_string())
    }

    pub fn to_yaml(&self) -> Yaml {
        match self {
            Value::Str(s) | Value::Quoted(s, _) => Yaml::String(s.clone()),
            Value::Plain(s) => Yaml::from_str(s),
            Value::Seq(items) | Value::FlowSeq(items) => Yaml::Array(items.iter().map(Value::to_yaml).collect()),
            Value::Map(pairs) => {
                let mut hash = Hash::new();
                for (k, v) in pairs {
                    hash.insert(Yaml::String(k.clone()), v.to_yaml());
                }
                Yaml::Hash(hash)
            }
        }
    }
}

/// The semantic side of an edit, applied to the loaded document to predict the result.
#[derive(Debug, Clone, PartialEq)]
pub enum YamlOp {
    InsertKey {
        path: Vec<Seg>,
        key: String,
        value: Value,
    },
    AppendItem {
        path: Vec<Seg>,
        value: Value,
    },
    ReplaceScalar {
        path: Vec<Seg>,
        value: Value,
    },
    RemoveKey {
        path: Vec<Seg>,
        key: String,
    },
    /// The item at `index` of the sequence at `path` is removed.
    RemoveItem {
        path: Vec<Seg>,
        index: usize,
    },
    /// The entry `key` becomes `new_key: value`, in place.
    ReplacePair {
        path: Vec<Seg>,
        key: String,
        new_key: String,
        value: Value,
    },
}

/// Why a document could not be loaded: message and 1-based line and column.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Loads exactly one document; a stream of several is refused.
pub fn load_one(text: &str) -> Result<Yaml, LoadError> {
    let mut docs = YamlLoader::load_from_str(text).map_err(|e| LoadError {
        line: e.marker().line(),
        column: e.marker().col() + 1,
        message: e.info().to_string(),
    })?;
    match docs.len() {
        0 => Ok(Yaml::Null),
        1 => Ok(docs.remove(0)),
        n => Err(LoadError {
            line: second_document_line(text),
            column: 1,
            message: format!("this file holds {n} YAML documents; dockfix edits single-document files only"),
        }),
    }
}

fn second_document_line(text: &str) -> usize {
    let starts: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| line.trim_end() == "---" || line.starts_with("--- "))
        .map(|(i, _)| i + 1)
        .collect();
    let first_content = text
        .lines()
        .position(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .map_or(1, |i| i + 1);
    starts.into_iter().find(|line| *line > first_content).unwrap_or(1)
}

/// Loads a document with aliases left as references (`Yaml::String("*alias N")`) instead of
/// copies. Edits are checked on this form: a key added to an anchored mapping then shows up once,
/// where it was written, and the aliases that reuse it stay equal to before.
pub fn load_raw(text: &str) -> Result<Yaml, String> {
    struct RawLoader(YamlLoader);
    impl MarkedEventReceiver for RawLoader {
        fn on_event(&mut self, event: Event, mark: Marker) {
            let event = match event {
                Event::Alias(id) => Event::Scalar(format!("*alias {id}"), TScalarStyle::SingleQuoted, 0, None),
                other => other,
            };
            self.0.on_event(event, mark);
        }
    }
    let mut loader = RawLoader(YamlLoader::default());
    Parser::new(text.chars()).load(&mut loader, true).map_err(|e| e.to_string())?;
    Ok(loader.0.documents().first().cloned().unwrap_or(Yaml::Null))
}

/// [`load_one`] and [`load_raw`] from one pass of the parser: every event goes to both loaders
/// (the same scan and parse, made once, was a tenth of a run). The raw view is `None` when it is
/// the same document as the meaning: a text without `*` holds no alias (YAML writes every
/// alias `*name`), and then one loader builds one document.
pub fn load_both(text: &str) -> Result<(Yaml, Option<Yaml>), LoadError> {
    if !text.contains('*') {
        return load_one(text).map(|doc| (doc, None));
    }
    struct Both {
        meaning: YamlLoader,
        raw: YamlLoader,
        ended: usize,
    }
    impl MarkedEventReceiver for Both {
        fn on_event(&mut self, event: Event, mark: Marker) {
            if event == Event::DocumentEnd {
                self.ended += 1;
            }
            let raw = match &event {
                Event::Alias(id) => Event::Scalar(format!("*alias {id}"), TScalarStyle::SingleQuoted, 0, None),
                other => other.clone(),
            };
            self.meaning.on_event(event, mark);
            self.raw.on_event(raw, mark);
        }
    }
    let mut both = Both { meaning: YamlLoader::default(), raw: YamlLoader::default(), ended: 0 };
    Parser::new_from_str(text).load(&mut both, true).map_err(|e| LoadError {
        line: e.marker().line(),
        column: e.marker().col() + 1,
        message: e.info().to_string(),
    })?;
    // A loader that met an error (a duplicated key) keeps it to itself and stops taking
    // documents: then the plain load says what the error is.
    if both.meaning.documents().len() != both.ended {
        load_one(text)?;
    }
    let mut docs = both.meaning.documents().to_vec();
    let raw = both.raw.documents().first().cloned().unwrap_or(Yaml::Null);
    match docs.len() {
        0 => Ok((Yaml::Null, Some(raw))),
        1 => Ok((docs.remove(0), Some(raw))),
        n => Err(LoadError {
            line: second_document_line(text),
            column: 1,
            message: format!("this file holds {n} YAML documents; dockfix edits single-document files only"),
        }),
    }
}

/// Applies ops to a loaded document; `Err` names the op whose path does not exist.
pub fn apply_ops(doc: &Yaml, ops: &[YamlOp]) -> Result<Yaml, String> {
    let mut doc = doc.clone();
    for op in ops {
        let (path, action): (&[Seg], &dyn Fn(&mut Yaml) -> bool) = match op {
            YamlOp::InsertKey { path, key, value } => (path, &|node: &mut Yaml| match node {
                Yaml::Hash(hash) => hash.insert(Yaml::String(key.clone()), value.to_yaml()).is_none(),
                _ => false,
            }),
            YamlOp::AppendItem { path, value } => (path, &|node: &mut Yaml| match node {
                Yaml::Array(items) => {
                    items.push(value.to_yaml());
                    true
                }
                _ => false,
            }),
            YamlOp::ReplaceScalar { path, value } => (path, &|node: &mut Yaml| {
                *node = value.to_yaml();
                true
            }),
            YamlOp::RemoveKey { path, key } => (path, &|node: &mut Yaml| match node {
                Yaml::Hash(hash) => hash.remove(&Yaml::String(key.clone())).is_some(),
                _ => false,
            }),
            YamlOp::RemoveItem { path, index } => (path, &|node: &mut Yaml| match node {
                Yaml::Array(items) if *index < items.len() => {
                    items.remove(*index);
                    true
                }
                _ => false,
            }),
            YamlOp::ReplacePair { path, key, new_key, value } => (path, &|node: &mut Yaml| match node {
                Yaml::Hash(hash) if hash.contains_key(&Yaml::String(key.clone())) => {
                    let old = std::mem::take(hash);
                    for (k, v) in old {
                        if k == Yaml::String(key.clone()) {
                            hash.insert(Yaml::String(new_key.clone()), value.to_yaml());
                        } else {
                            hash.insert(k, v);
                        }
                    }
                    true
                }
                _ => false,
            }),
        };
        // Paths name keys, never values: a value may be a secret.
        let target = node_mut(&mut doc, path).ok_or_else(|| format!("no node at {}", describe(path)))?;
        if !action(target) {
            return Err(format!("an edit does not fit the node at {}", describe(path)));
        }
    }
    Ok(doc)
}

/// `services.web.ports[0]`.
fn describe(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    if out.is_empty() { "the top level".into() } else { out }
}

fn node_mut<'a>(doc: &'a mut Yaml, path: &[Seg]) -> Option<&'a mut Yaml> {
    let mut node = doc;
    for seg in path {
        node = match (seg, node) {
            (Seg::Key(k), Yaml::Hash(hash)) => hash.get_mut(&Yaml::String(k.clone()))?,
            (Seg::Index(i), Yaml::Array(items)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

/// A mapping with its `<<` merge keys resolved: own keys win, then merge sources in order.
pub fn merged(hash: &Hash) -> Hash {
    let merge_key = Yaml::String("<<".to_string());
    let mut out = Hash::new();
    for (k, v) in hash {
        if *k != merge_key {
            out.insert(k.clone(), v.clone());
        }
    }
    let sources: Vec<&Hash> = match hash.get(&merge_key) {
        Some(Yaml::Hash(source)) => vec![source],
        Some(Yaml::Array(items)) => items.iter().filter_map(Yaml::as_hash).collect(),
        _ => Vec::new(),
    };
    for source in sources {
        for (k, v) in merged(source) {
            out.entry(k).or_insert(v);
        }
    }
    out
}

/// `merged(hash)[name]`, without copying the mapping: its own key first, then each merge
/// source in order (each with its own merge keys resolved).
pub fn get_merged<'a>(hash: &'a Hash, name: &str) -> Option<&'a Yaml> {
    if name != "<<" {
        if let Some(value) = get(hash, name) {
            return Some(value);
        }
    }
    match get(hash, "<<") {
        Some(Yaml::Hash(source)) => get_merged(source, name),
        Some(Yaml::Array(items)) => items.iter().filter_map(Yaml::as_hash).find_map(|source| get_merged(source, name)),
        _ => None,
    }
}

/// `hash[name]` for a string key.
pub fn get<'a>(hash: &'a Hash, name: &str) -> Option<&'a Yaml> {
    hash.get(&Yaml::String(name.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merged_key_is_read_as_the_merged_copy_has_it() {
        let doc = load_one("a: &a {x: 1, y: 2, <<: {w: 0}}\nb: &b {z: 3, x: 7, w: 5}\nc:\n  <<: [*a, *b]\n  x: 9\nd:\n  <<: *b\n").unwrap();
        for name in ["c", "d", "a", "b"] {
            let hash = doc[name].as_hash().unwrap();
            for key in ["x", "y", "z", "w", "<<", "none"] {
                assert_eq!(get_merged(hash, key), get(&merged(hash), key), "{name}.{key}");
            }
        }
    }

    #[test]
    fn merge_keys_resolve_with_own_keys_first() {
        let doc = load_one("a: &a {x: 1, y: 2}\nb: &b {z: 3}\nc:\n  <<: [*a, *b]\n  x: 9\n").unwrap();
        let c = merged(doc["c"].as_hash().unwrap());
        assert_eq!(get(&c, "x"), Some(&Yaml::Integer(9)));
        assert_eq!(get(&c, "y"), Some(&Yaml::Integer(2)));
        assert_eq!(get(&c, "z"), Some(&Yaml::Integer(3)));
    }

    #[test]
    fn several_documents_are_refused_with_the_line() {
        let error = load_one("a: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(error.message.contains("2 YAML documents"));
    }

    #[test]
    fn ops_predict_documents() {
        let doc = load_one("s:\n  web: {image: x}\n  l: [1]\n").unwrap();
        let ops = [
            YamlOp::InsertKey {
                path: vec![Seg::Key("s".into()), Seg::Key("web".into())],
                key: "restart".into(),
                value: Value::str("no"),
            },
            YamlOp::AppendItem {
                path: vec![Seg::Key("s".into()), Seg::Key("l".into())],
                value: Value::Plain("2".into()),
            },
        ];
        let expected = load_one("s:\n  web: {image: x, restart: 'no'}\n  l: [1, 2]\n").unwrap();
        assert_eq!(apply_ops(&doc, &ops).unwrap(), expected);
        let bad = [YamlOp::AppendItem { path: vec![Seg::Key("s".into())], value: Value::str("x") }];
        assert!(apply_ops(&doc, &bad).is_err());
    }

    /// One pass for both views gives what two loads give, errors included; without a `*` the
    /// raw view is the meaning itself.
    #[test]
    fn both_views_in_one_pass() {
        let texts = [
            "a: &x {b: 1}\nc: *x\nd: [1, 'two', *x]\n",
            "",
            "# only a comment\n",
            "a: 1\n---\nb: 2\n",
            "a: &x 1\n---\nb: *x\n",
            "a: 1\na: 2\n",
            "a: 1\na: 2\n# *\n",
            "a: [\n",
            "a: [\n# *\n",
            "a: '*.txt'\nb: \"*\"\n# ***\n",
            "a: *unknown\n",
            "x: &d {r: 1}\ns:\n  <<: *d\n  r: 2\n",
        ];
        for text in texts {
            let one = load_one(text).map_err(|e| (e.line, e.column, e.message));
            let raw = load_raw(text);
            let both = load_both(text).map_err(|e| (e.line, e.column, e.message));
            if let Ok((_, raw)) = &both {
                assert_eq!(raw.is_none(), !text.contains('*'), "{text:?}");
            }
            match (one, raw, both) {
                (Ok(one), Ok(raw), Ok((a, b))) => assert!(one == a && raw == *b.as_ref().unwrap_or(&a), "{text:?}"),
                (Err(one), _, Err(both)) => assert_eq!(one, both, "{text:?}"),
                (one, _, both) => panic!("{text:?}: {one:?} against {both:?}"),
            }
        }
    }
}