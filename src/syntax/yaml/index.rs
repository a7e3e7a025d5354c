//! The nodes a YAML file's lookups start from, found once per parse: the document's root
//! collection, the pairs of a root mapping, and the pairs of the mappings that are its values
//! (`services:`, `networks:`, `x-…:`).
//!
//! Why: tree-sitter keeps a long mapping's pairs under balanced hidden nodes (how it stores a
//! repetition), so stepping from one pair to the next costs about a thousand instructions, and
//! the transforms look up the same services, from the root, dozens of times a pass. The index is
//! kept beside the tree it points into (a self-referential cell: the nodes borrow the tree).

use super::locate::{self, Seg};
use tree_sitter::{Node, Tree};

/// A pair of a mapping whose key is a scalar.
#[derive(Debug)]
pub struct Pair<'t> {
    /// The key, unquoted (as [`locate::pair_key`] reads it).
    pub key: String,
    pub node: Node<'t>,
    /// The value's wrapper node (it holds the anchor), as [`locate::pair_value_wrapper`] finds it.
    pub value: Option<Node<'t>>,
}

#[derive(Debug)]
pub struct Index<'t> {
    /// The top-level collection of the first document ([`locate::root`]).
    pub root: Option<Node<'t>>,
    /// The root mapping's pairs with a scalar key, in the file's order.
    top: Vec<Pair<'t>>,
    /// For each of `top`, the pairs of its value when that is a mapping.
    below: Vec<Option<Vec<Pair<'t>>>>,
}

self_cell::self_cell!(
    /// A tree-sitter tree and its [`Index`].
    pub struct IndexedTree {
        owner: Tree,
        #[covariant]
        dependent: Index,
    }
    impl {Debug}
);

impl IndexedTree {
    /// Indexes `tree`, the parse of `text`.
    pub fn index(tree: Tree, text: &str) -> IndexedTree {
        IndexedTree::new(tree, |tree| Index::of(tree, text))
    }

    pub fn tree(&self) -> &Tree {
        self.borrow_owner()
    }

    pub fn get(&self) -> &Index<'_> {
        self.borrow_dependent()
    }
}

impl<'t> Index<'t> {
    fn of(tree: &'t Tree, text: &str) -> Index<'t> {
        let root = locate::root(tree);
        let top = match root {
            Some(root) if locate::is_mapping(root) => pairs_of(root, text),
            _ => Vec::new(),
        };
        let below = top
            .iter()
            .map(|pair| pair.value.map(locate::unwrap_node).filter(|value| locate::is_mapping(*value)).map(|mapping| pairs_of(mapping, text)))
            .collect();
        Index { root, top, below }
    }

    /// The node at `path` from the root: what [`locate::lookup`] finds from [`locate::root`]
    /// (the first pair with a key is the one followed, as there).
    pub fn lookup(&self, text: &str, path: &[Seg]) -> Option<Node<'t>> {
        let root = self.root?;
        let Some((Seg::Key(first), rest)) = path.split_first() else {
            return locate::lookup(root, text, path);
        };
        let at = self.top.iter().position(|pair| pair.key == *first)?;
        let value = locate::unwrap_node(self.top[at].value?);
        match (rest.split_first(), &self.below[at]) {
            (Some((Seg::Key(second), rest)), Some(pairs)) => {
                let pair = pairs.iter().find(|pair| pair.key == *second)?;
                locate::lookup(locate::unwrap_node(pair.value?), text, rest)
            }
            _ => locate::lookup(value, text, rest),
        }
    }

    /// The root mapping's pairs with a scalar key (none when the root is no mapping).
    pub fn top_pairs(&self) -> &[Pair<'t>] {
        &self.top
    }

    /// The pairs of the mapping under the root key `key` (the first pair with that key), if its
    /// value is a mapping.
    pub fn pairs_under(&self, key: &str) -> Option<&[Pair<'t>]> {
        let at = self.top.iter().position(|pair| pair.key == key)?;
        self.below[at].as_deref()
    }
}

fn pairs_of<'t>(mapping: Node<'t>, text: &str) -> Vec<Pair<'t>> {
    locate::pairs(mapping)
        .into_iter()
        .filter_map(|node| Some(Pair { key: locate::pair_key(node, text)?, node, value: locate::pair_value_wrapper(node) }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every path the index answers gives the node a walk from the root gives.
    #[test]
    fn lookups_agree_with_a_walk_from_the_root() {
        let texts = [
            "services:\n  web:\n    image: x\n    ports: ['80:80']\n  'db':\n    image: y\n  web:\n    image: z\nx-a: &a {k: 1}\nlist: [1, {b: 2}]\n",
            "# a comment\n# another\nservices: {web: {image: x}, \"db\": {image: y}}\nvolumes:\n",
            "- a\n- b: 1\n",
            "plain\n",
            "",
            "? complex\n: value\nservices:\n  ? web\n  : image: x\n",
        ];
        let keys = ["services", "web", "db", "image", "ports", "x-a", "k", "list", "volumes", "b", "a", "complex"];
        for text in texts {
            let tree = locate::parse(text).unwrap();
            let index = IndexedTree::index(tree.clone(), text);
            let mut paths: Vec<Vec<Seg>> = vec![vec![]];
            for _ in 0..3 {
                let longer: Vec<Vec<Seg>> = paths
                    .iter()
                    .flat_map(|p| {
                        let mut out: Vec<Vec<Seg>> = keys.iter().map(|k| [p.clone(), vec![locate::key(k)]].concat()).collect();
                        out.extend((0..2).map(|i| [p.clone(), vec![Seg::Index(i)]].concat()));
                        out
                    })
                    .collect();
                paths.extend(longer);
            }
            for path in &paths {
                let walked = locate::root(&tree).and_then(|root| locate::lookup(root, text, path)).map(|n| (n.kind(), n.byte_range()));
                let indexed = index.get().lookup(text, path).map(|n| (n.kind(), n.byte_range()));
                assert_eq!(indexed, walked, "{text:?} {path:?}");
            }
            let services = locate::root(&tree)
                .and_then(|root| locate::lookup(root, text, &[locate::key("services")]))
                .filter(|n| locate::is_mapping(*n))
                .map(|n| locate::pairs(n).into_iter().filter(|p| locate::pair_key(*p, text).is_some()).map(|p| p.byte_range()).collect::<Vec<_>>());
            let indexed = index.get().pairs_under("services").map(|pairs| pairs.iter().map(|p| p.node.byte_range()).collect::<Vec<_>>());
            assert_eq!(indexed, services, "{text:?}");
        }
    }
}
