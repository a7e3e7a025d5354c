//! One module per file kind, each with a lossless tree, a printer and a semantic view.

pub mod compose;
pub mod compose_merge;
pub mod dockerfile;
pub mod dotenv;
pub mod ignorefile;
pub mod script;
pub mod shell;
pub mod yaml;

/// The names of a grammar's node kinds, by id. `Node::kind` measures and checks its C string on
/// every call, which came to a tenth of a run; hot paths look names up here instead.
pub struct KindNames(std::sync::OnceLock<Vec<String>>);

impl KindNames {
    pub const fn new() -> KindNames {
        KindNames(std::sync::OnceLock::new())
    }

    /// `node.kind()`, for a node of `language`'s trees.
    pub fn of(&'static self, node: tree_sitter::Node<'_>, language: fn() -> tree_sitter::Language) -> &'static str {
        let names = self.0.get_or_init(|| {
            let language = language();
            (0..language.node_kind_count()).map(|id| u16::try_from(id).ok().and_then(|id| language.node_kind_for_id(id)).unwrap_or_default().to_string()).collect()
        });
        // Only ERROR nodes have an id past the table.
        names.get(usize::from(node.kind_id())).map_or("ERROR", String::as_str)
    }
}

#[cfg(test)]
mod tests {
    /// The names looked up by id are the names tree-sitter gives, for every node of a YAML and a
    /// shell text, error nodes included.
    #[test]
    fn kind_names_agree_with_tree_sitter() {
        fn every_node(node: tree_sitter::Node<'_>, check: &dyn Fn(tree_sitter::Node<'_>)) {
            check(node);
            let mut cursor = node.walk();
            for child in node.children(&mut cursor) {
                every_node(child, check);
            }
        }
        let yaml = "a: &x\n  b: [1, {c: 'd'}]\n  e: |\n    f\n<<: *x\ng: \"h\" # i\n- broken: [\n";
        let mut parser = tree_sitter::Parser::new();
        parser.set_language(&tree_sitter_yaml::LANGUAGE.into()).unwrap();
        let tree = parser.parse(yaml, None).unwrap();
        assert!(tree.root_node().has_error(), "the sample holds an error node too");
        every_node(tree.root_node(), &|n| assert_eq!(super::yaml::locate::kind(n), n.kind()));
        let shell = "if [ -n \"$A\" ]; then echo ${B:-c} | tr a b; fi; for x in *; do :; done; f() { (cd / && ls) || true; }; )";
        parser.set_language(&tree_sitter_bash::LANGUAGE.into()).unwrap();
        let tree = parser.parse(shell, None).unwrap();
        static NAMES: super::KindNames = super::KindNames::new();
        every_node(tree.root_node(), &|n| assert_eq!(NAMES.of(n, || tree_sitter_bash::LANGUAGE.into()), n.kind()));
    }
}
