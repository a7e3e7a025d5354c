//! Knowledge as data, compiled in: `build.rs` turns every `transforms/*.toml` into a [`Data`]
//! static, so a run parses no TOML of its own (a one-file pre-commit run starts in about a
//! millisecond). A user's catalog folders (`catalog` in `dockfix.toml`) are TOML read at run time
//! and converted to the same shape, so both are looked up by one code path.

use std::borrow::Cow;

/// A TOML value: borrowed from the binary for the built-in catalog, owned for a user's own.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    Str(Cow<'static, str>),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// An array, or an array of tables (`[[image]]`).
    Array(Cow<'static, [Data]>),
    /// A table's entries in the order the file writes them.
    Table(Cow<'static, [(Cow<'static, str>, Data)]>),
}

impl Data {
    /// The value of `key` in a table.
    pub fn get(&self, key: &str) -> Option<&Data> {
        self.entries()?.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Data::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_integer(&self) -> Option<i64> {
        match self {
            Data::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Data::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Data]> {
        match self {
            Data::Array(items) => Some(items),
            _ => None,
        }
    }

    /// A table's entries, in the file's order.
    pub fn entries(&self) -> Option<&[(Cow<'static, str>, Data)]> {
        match self {
            Data::Table(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn is_str(&self) -> bool {
        matches!(self, Data::Str(_))
    }

    /// A string array under `key` (`None` when absent or not an array).
    pub fn strings(&self, key: &str) -> Option<Vec<String>> {
        Some(self.get(key)?.as_array()?.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
    }

    /// A table read at run time (a user's catalog file), owned.
    pub fn from_toml_table(table: &toml_edit::Table) -> Data {
        Data::Table(Cow::Owned(table.iter().filter_map(|(k, item)| Some((Cow::Owned(k.to_string()), Data::from_toml_item(item)?))).collect()))
    }

    fn from_toml_item(item: &toml_edit::Item) -> Option<Data> {
        match item {
            toml_edit::Item::None => None,
            toml_edit::Item::Value(value) => Some(Data::from_toml_value(value)),
            toml_edit::Item::Table(table) => Some(Data::from_toml_table(table)),
            toml_edit::Item::ArrayOfTables(tables) => Some(Data::Array(Cow::Owned(tables.iter().map(Data::from_toml_table).collect()))),
        }
    }

    fn from_toml_value(value: &toml_edit::Value) -> Data {
        use toml_edit::Value;
        match value {
            Value::String(s) => Data::Str(Cow::Owned(s.value().clone())),
            Value::Integer(i) => Data::Int(*i.value()),
            Value::Float(f) => Data::Float(*f.value()),
            Value::Boolean(b) => Data::Bool(*b.value()),
            Value::Datetime(d) => Data::Str(Cow::Owned(d.value().to_string())),
            Value::Array(items) => Data::Array(Cow::Owned(items.iter().map(Data::from_toml_value).collect())),
            Value::InlineTable(table) => Data::Table(Cow::Owned(
                table.iter().map(|(k, v)| (Cow::Owned(k.to_string()), Data::from_toml_value(v))).collect(),
            )),
        }
    }
}

// `IMAGES`, `SECRETS` and `CATALOG` (one `(id, Data)` per transform entry), made by build.rs.
include!(concat!(env!("OUT_DIR"), "/catalog_data.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    /// The compiled data says what the TOML says (checked against a run-time parse, in order).
    #[test]
    fn compiled_data_is_the_toml() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("transforms");
        let read = |name: &str| {
            let text = std::fs::read_to_string(root.join(name)).unwrap();
            Data::from_toml_table(text.parse::<toml_edit::DocumentMut>().unwrap().as_table())
        };
        assert_eq!(IMAGES, read("images.toml"));
        assert_eq!(SECRETS, read("secrets.toml"));
        assert!(!CATALOG.is_empty());
        for (id, data) in CATALOG {
            assert_eq!(*data, read(&format!("{id}.toml")), "{id}");
        }
    }
}
