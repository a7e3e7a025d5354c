//! The fix loop: transforms propose, non-overlapping changes are applied together, every edited
//! file is parsed again and checked against the intended meaning, and passes repeat until
//! nothing changes. Overlapping changes wait for the next pass; insertions at one point merge in
//! a defined order (see `edit.rs`).
//!
//! Nothing here can take the whole run down: a transform that panics, proposes an edit that does
//! not fit its file, or whose result fails verification loses that change (reported as an error
//! naming it); every other file and change goes on. Every finding is reported on the line of the
//! file as it is on disk.

use crate::suppress::Suppressions;
use crate::discover::Found;
use crate::edit::{self, Edit};
use crate::error::InputError;
use crate::project::Project;
use crate::source::{FileId, Parsed};
use crate::syntax::ignorefile::LineFile;
use crate::syntax::yaml::value::YamlOp;
use crate::transforms::{Change, Expect, Note, Place, Proposals, Registered, Target};
use std::collections::{BTreeSet, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Passes before a run is declared non-convergent.
const MAX_PASSES: usize = 16;

/// A change the run applied, located on the file as it is on disk.
#[derive(Debug, Clone)]
pub struct Applied {
    pub file: FileId,
    /// The pass it was applied in (its edits refer to that pass's text).
    pub pass: usize,
    pub transform: &'static str,
    /// 1-based line and column in the original file.
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// Checked and in applied order (none kept when the run keeps only findings, see
    /// [`crate::project::Keep`]).
    pub edits: Vec<Edit>,
}

/// The outcome of a run, before anything is written.
#[derive(Debug)]
pub struct Run {
    pub project: Project,
    /// Sorted by file, line, transform.
    pub applied: Vec<Applied>,
    /// Each once, on the line of the original file, sorted.
    pub notes: Vec<Note>,
    /// Files that could not be read or parsed, and dockfix's own failures (exit code 2).
    pub errors: Vec<InputError>,
    /// Secret values the transforms saw: no output shows them.
    pub secrets: Vec<String>,
    /// Problems that change nothing: suppressions naming unknown ids or suppressing nothing.
    pub warnings: Vec<InputError>,
    /// Where each pass of the fix loop spent its time (`--verbose` prints them).
    pub passes: Vec<PassTiming>,
    /// Parts of the run that had to be run again joined with another (see `run_parts`).
    pub run_again: usize,
    /// Files of the largest part run (a part's parses are in memory while it runs).
    pub largest_part: usize,
}

/// One pass of the fix loop: proposing (every transform over the project), then applying and
/// verifying what was accepted.
#[derive(Debug, Clone, Copy)]
pub struct PassTiming {
    pub propose: std::time::Duration,
    pub apply: std::time::Duration,
    /// Changes accepted for the pass (before verification).
    pub accepted: usize,
}

impl Run {
    /// A run of no files that only reports `errors` (to be filled by joining parts, or standing
    /// for a part that failed).
    fn empty(options: crate::project::Options, errors: Vec<InputError>) -> Run {
        Run {
            project: Project::assembled(crate::source::Files::default(), options),
            applied: Vec::new(),
            notes: Vec::new(),
            errors,
            secrets: Vec::new(),
            warnings: Vec::new(),
            passes: Vec::new(),
            run_again: 0,
            largest_part: 0,
        }
    }

    /// Sorts what the run found as every report lists it: changes and notes by file and line,
    /// errors (each once) and warnings by file and line, secrets longest first (so a value that
    /// contains another is redacted whole).
    fn put_in_order(&mut self) {
        let files = &self.project.files;
        self.applied.sort_by(|a, b| {
            let (pa, pb) = (&files[a.file].path, &files[b.file].path);
            (pa, a.line, a.column, a.transform, a.pass).cmp(&(pb, b.line, b.column, b.transform, b.pass))
        });
        self.notes.sort_by(|a, b| {
            let (pa, pb) = (&files[a.file].path, &files[b.file].path);
            (pa, a.line, a.transform, &a.message).cmp(&(pb, b.line, b.transform, &b.message))
        });
        self.errors.sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
        self.errors.dedup();
        self.warnings.sort_by(|a, b| (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message)));
        self.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }

    /// Files whose text changed (or that are created).
    pub fn changed_files(&self) -> Vec<FileId> {
        self.project.files.iter().filter(|f| f.changed()).map(|f| f.id).collect()
    }
}

/// Runs `transforms` over `project` to a fixed point. `errors` are those found while reading.
pub fn run(mut project: Project, transforms: &[Registered], mut errors: Vec<InputError>) -> Run {
    let mut applied: Vec<Applied> = Vec::new();
    // Each (transform, file) pair that has a change applied: looked up for every note.
    let mut acted: HashSet<(&'static str, FileId)> = HashSet::new();
    let mut notes: Vec<Note> = Vec::new();
    // The pass each note was made in.
    let mut note_passes: Vec<usize> = Vec::new();
    // Each note made, with its place in `notes`.
    let mut seen_notes: std::collections::HashMap<Note, usize> = std::collections::HashMap::new();
    let mut broken: BTreeSet<&'static str> = BTreeSet::new();
    let mut refused: HashSet<(&'static str, std::path::PathBuf, String)> = HashSet::new();
    let mut settled = false;
    let mut secrets: BTreeSet<String> = BTreeSet::new();
    let mut suppressions: std::collections::HashMap<FileId, Suppressions> = std::collections::HashMap::new();
    for (file, fixture) in project.fixtures().map(|(file, fixture)| (file, fixture.note())).collect::<Vec<_>>() {
        notes.push(Note { file, line: 1, transform: "dockfix", message: fixture });
        note_passes.push(0);
    }
    let mut passes: Vec<PassTiming> = Vec::new();
    for pass in 1..=MAX_PASSES {
        let started = std::time::Instant::now();
        let mut changes: Vec<Change> = Vec::new();
        let mut suppressed_groups: BTreeSet<String> = BTreeSet::new();
        // Each file's line ends as it is in this pass, made when a finding first needs them.
        let mut line_ends: std::collections::HashMap<FileId, crate::source::LineEnds> = std::collections::HashMap::new();
        // Transforms only read the project: they propose on every core, and their proposals are
        // taken in registry order, as if one had run after the other.
        // `None`: a transform broken in an earlier pass; `(false, _)`: it panicked now.
        let proposed: Vec<Option<(bool, Proposals)>> = {
            let project = &project;
            let broken = &broken;
            crate::parallel::map_ref(transforms, |registered| {
                if broken.contains(registered.id) {
                    return None;
                }
                let mut out = Proposals::new(registered.id);
                let ok = catch_unwind(AssertUnwindSafe(|| registered.transform.propose(project, &mut out))).is_ok();
                Some((ok, out))
            })
        };
        for (registered, out) in transforms.iter().zip(proposed) {
            let Some((ok, out)) = out else { continue };
            if !ok {
                broken.insert(registered.id);
                errors.push(InputError::new(
                    std::path::Path::new("dockfix"),
                    0,
                    0,
                    format!("internal error: transform {} failed (a bug); its changes were dropped", registered.id),
                ));
                continue;
            }
            secrets.extend(out.secrets.iter().cloned());
            for mut note in out.notes {
                // After a transform changed a file, its notes on that file in later passes
                // describe its own result ("already has networks"): dropped.
                let source = &project.files[note.file];
                if acted.contains(&(note.transform, note.file)) || !project.selects(&source.real, note.transform) {
                    continue;
                }
                note.line = source.original_line_in(note.line, line_ends.entry(note.file).or_insert_with(|| crate::source::LineEnds::of(source)));
                if suppressions_of(&mut suppressions, source).suppresses(note.line, note.transform) {
                    continue;
                }
                // Made again: still true in this pass, which is the one it is judged by below
                // (a change of the same transform on the same line in this pass keeps it).
                match seen_notes.get(&note) {
                    Some(&at) => note_passes[at] = pass,
                    None => {
                        seen_notes.insert(note.clone(), notes.len());
                        notes.push(note);
                        note_passes.push(pass);
                    }
                }
            }
            for change in out.changes {
                if let Target::File(file) = change.target {
                    let source = &project.files[file];
                    if let Err(why) = edit::check(source.text(), &mut change.edits.clone()) {
                        errors.push(InputError::new(
                            &source.path,
                            source.original_line(change.line),
                            1,
                            format!("internal error: {} proposed an edit that does not fit the file ({why}); change dropped", change.transform),
                        ));
                        continue;
                    }
                    if !project.selects(&source.real, change.transform) {
                        continue;
                    }
                    if source.created.is_none() && {
                        let line = source.original_line_in(change.line, line_ends.entry(file).or_insert_with(|| crate::source::LineEnds::of(source)));
                        suppressions_of(&mut suppressions, source).suppresses(line, change.transform)
                    } {
                        // A group is all or nothing: its other members wait out this pass.
                        if let Some(group) = &change.group {
                            suppressed_groups.insert(group.clone());
                        }
                        continue;
                    }
                } else if let Target::New(new) = &change.target {
                    if !project.selects(&new.real, change.transform) {
                        continue;
                    }
                }
                if refused.contains(&refusal_key(&project, &change)) {
                    continue;
                }
                changes.push(change);
            }
        }
        changes.retain(|c| !c.group.as_ref().is_some_and(|g| suppressed_groups.contains(g)));
        let accepted = accept_non_overlapping(changes);
        let proposed_in = started.elapsed();
        if accepted.is_empty() {
            passes.push(PassTiming { propose: proposed_in, apply: std::time::Duration::ZERO, accepted: 0 });
            settled = true;
            break;
        }
        let accepted = create_files(&mut project, accepted);
        let applying = std::time::Instant::now();
        let outcomes = apply_all(&project, &accepted);
        passes.push(PassTiming { propose: proposed_in, apply: applying.elapsed(), accepted: accepted.len() });
        for (file, (kept, failures)) in outcomes {
            for (change, why) in failures {
                let source = &project.files[file];
                refused.insert(refusal_key(&project, change));
                errors.push(InputError::new(
                    &source.path,
                    source.original_line(change.line),
                    1,
                    format!("internal verification failed for {}: {why}; that change was dropped", change.transform),
                ));
            }
            let Some(kept) = kept else { continue };
            let source = &project.files[file];
            for change in &kept.changes {
                // A created file has no lines on disk: its own line is reported.
                let (line, column) = if source.created.is_some() {
                    (change.line, 1)
                } else {
                    source.original_position(crate::source::offset_of_line(source.text(), change.line))
                };
                let mut edits = change.edits.clone();
                let _ = edit::check(source.text(), &mut edits);
                acted.insert((change.transform, file));
                applied.push(Applied {
                    file,
                    pass,
                    transform: change.transform,
                    line,
                    column,
                    message: change.message.clone(),
                    edits,
                });
            }
            let source = project.files.get_mut(file);
            source.history.record(pass, &kept.edits);
            project.replace_parse(file, kept.parsed);
        }
    }
    if !settled {
        errors.push(InputError::new(
            std::path::Path::new("dockfix"),
            0,
            0,
            format!("internal error: the transforms did not settle after {MAX_PASSES} passes (a bug); the changes so far are kept"),
        ));
    }
    // A note a transform made before a later pass let it change that same spot ("no
    // healthcheck: move the password first", then the password moved and the healthcheck came)
    // describes what is no longer so.
    let last_pass: std::collections::HashMap<(&'static str, FileId, usize), usize> =
        applied.iter().fold(std::collections::HashMap::new(), |mut last, a| {
            let pass = last.entry((a.transform, a.file, a.line)).or_insert(a.pass);
            *pass = (*pass).max(a.pass);
            last
        });
    let notes: Vec<Note> = notes
        .into_iter()
        .zip(note_passes)
        .filter(|(n, made)| last_pass.get(&(n.transform, n.file, n.line)).is_none_or(|last| last <= made))
        .map(|(n, _)| n)
        .collect();
    let warnings = suppression_warnings(&project, &suppressions);
    let mut run = Run { project, applied, notes, errors, secrets: secrets.into_iter().collect(), warnings, passes, run_again: 0, largest_part: 0 };
    run.put_in_order();
    run
}

/// Runs `transforms` over every part of a run (see `partition.rs`), each on its own, on every
/// core, then joins the outcomes as one run. Parts are a guess: when one part changed or created
/// a file that another part read (held, or asked the disk about), those parts are run again as
/// one, so the outcome is what a single project would have given.
pub fn run_parts(
    parts: Vec<crate::project::Part>,
    options: &crate::project::Options,
    keep: crate::project::Keep,
    transforms: &[Registered],
    errors: Vec<InputError>,
    prepare: &(dyn Fn(&mut Project) + Sync),
    progress: &(dyn Fn() + Sync),
) -> Run {
    type Listed = Vec<(usize, Found)>;
    let mut todo: Vec<crate::project::Part> = parts;
    let mut done: Vec<(Listed, Run, crate::project::Knowledge)> = Vec::new();
    let read_errors = errors;
    let mut run_again = 0;
    let mut largest_part = 0;
    // The file system's answers, asked once for all parts (nothing is written before the end).
    let os: std::sync::Arc<crate::disk::Os> = std::sync::Arc::default();
    loop {
        // Each part is read, modelled and fixed on its own, and keeps only its files' texts
        // once fixed: what it knew of the disk is summed up as paths, for the check below.
        largest_part = todo.iter().map(|part| part.entries.len()).fold(largest_part, usize::max);
        // The largest parts run first (a large part taken last runs on alone after the other
        // cores ran out of parts); their outcomes are put back in the parts' own order, which
        // the joined run's order of created files follows.
        let mut by_size: Vec<(usize, crate::project::Part)> = std::mem::take(&mut todo).into_iter().enumerate().collect();
        by_size.sort_by_key(|(_, part)| std::cmp::Reverse(part.entries.len()));
        let (order, by_size): (Vec<usize>, Vec<crate::project::Part>) = by_size.into_iter().unzip();
        let ran: Vec<(Listed, Run, crate::project::Knowledge)> = crate::parallel::map_one_per_core(by_size, |part| {
            // A failure of dockfix's own while a part is read or modelled (a transform's or a
            // file's failure is caught closer, in `run`) leaves that part's files alone, each
            // reported; the other parts are still fixed.
            let paths: Vec<std::path::PathBuf> = part.entries.iter().map(|(_, f, _)| f.display.clone()).collect();
            catch_unwind(AssertUnwindSafe(|| {
                let (mut project, found, errors) = part.load(options, &os, progress);
                prepare(&mut project);
                let mut run = run(project, transforms, errors);
                let known = run.project.knowledge();
                run.project.slim(keep);
                if keep == crate::project::Keep::Findings {
                    for applied in &mut run.applied {
                        applied.edits = Vec::new();
                    }
                }
                run.applied.shrink_to_fit();
                run.notes.shrink_to_fit();
                // Messages are formatted with room to spare; a large run holds thousands.
                for applied in &mut run.applied {
                    applied.message.shrink_to_fit();
                }
                for note in &mut run.notes {
                    note.message.shrink_to_fit();
                }
                (found, run, known)
            }))
            .unwrap_or_else(|_| (Vec::new(), failed_part(&paths, options), crate::project::Knowledge::default()))
        });
        let mut in_order: Vec<Option<(Listed, Run, crate::project::Knowledge)>> = order.iter().map(|_| None).collect();
        for (index, outcome) in order.into_iter().zip(ran) {
            in_order[index] = Some(outcome);
        }
        done.reserve_exact(in_order.len());
        done.extend(in_order.into_iter().flatten());
        // Which parts must run together: a file one part changed or created that another part
        // held, asked the disk about, or would have seen in a folder it listed.
        use crate::project::Knowledge;
        let mut touched: std::collections::HashMap<u64, Vec<usize>> = std::collections::HashMap::new();
        let mut touched_folders: std::collections::HashMap<u64, Vec<usize>> = std::collections::HashMap::new();
        for (index, (_, run, _)) in done.iter().enumerate() {
            for file in run.project.files.iter().filter(|f| f.changed() || f.created.is_some()) {
                touched.entry(Knowledge::key(&file.real)).or_default().push(index);
                if let Some(folder) = file.real.parent() {
                    touched_folders.entry(Knowledge::key(folder)).or_default().push(index);
                }
            }
        }
        let mut joined: Vec<usize> = (0..done.len()).collect();
        for (index, (_, _, known)) in done.iter().enumerate() {
            let by_path = known.paths.iter().filter_map(|p| touched.get(p));
            let by_folder = known.listed.iter().filter_map(|p| touched_folders.get(p));
            for others in by_path.chain(by_folder) {
                for &other in others.iter().filter(|&&o| o != index) {
                    crate::partition::unite(&mut joined, index, other);
                }
            }
        }
        drop(touched);
        drop(touched_folders);
        if (0..done.len()).all(|i| crate::partition::root(&mut joined, i) == i) {
            break;
        }
        let roots: Vec<usize> = (0..done.len()).map(|i| crate::partition::root(&mut joined, i)).collect();
        let mut sizes: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for r in &roots {
            *sizes.entry(*r).or_default() += 1;
        }
        run_again += roots.iter().filter(|r| sizes[r] > 1).count();
        let mut groups: std::collections::BTreeMap<usize, Listed> = std::collections::BTreeMap::new();
        let mut kept = Vec::new();
        for (index, (found, run, known)) in std::mem::take(&mut done).into_iter().enumerate() {
            if sizes[&roots[index]] == 1 {
                kept.push((found, run, known));
            } else {
                groups.entry(roots[index]).or_default().extend(found);
            }
        }
        done = kept;
        // Read again from disk (nothing is written yet): their parses were dropped.
        todo = groups
            .into_values()
            .map(|mut listed| {
                listed.sort_by_key(|(order, _)| *order);
                crate::project::Part { entries: listed.into_iter().map(|(order, f)| (order, f, None)).collect() }
            })
            .collect();
    }
    let mut joined = join(done.into_iter().map(|(found, run, _)| (found, run)).collect(), read_errors);
    joined.run_again = run_again;
    joined.largest_part = largest_part;
    joined
}

/// The run of a part that failed inside dockfix: no file of it is changed, each is reported.
fn failed_part(paths: &[std::path::PathBuf], options: &crate::project::Options) -> Run {
    let errors = paths
        .iter()
        .map(|path| InputError::new(path, 0, 0, "an internal error while reading or modelling the files fixed together with this one: left alone"))
        .collect();
    Run::empty(options.clone(), errors)
}

/// One run made of the runs of independent parts, as one project would have made it: files in
/// discovery order, then the scripts parts adopted (by path), then the files the run creates
/// (part by part, each in the order it created them); findings sorted as one run sorts them.
fn join(runs: Vec<(Vec<(usize, Found)>, Run)>, errors: Vec<InputError>) -> Run {
    // (sort key, part, file id in its part)
    type Key = (u8, usize, std::path::PathBuf, usize, usize);
    let mut keyed: Vec<(Key, usize, FileId)> = Vec::new();
    for (part, (found, run)) in runs.iter().enumerate() {
        let orders: std::collections::HashMap<&std::path::Path, usize> = found.iter().map(|(o, f)| (f.real.as_path(), *o)).collect();
        for file in run.project.files.iter() {
            let key = if let Some(&order) = orders.get(file.real.as_path()) {
                (0, order, std::path::PathBuf::new(), 0, 0)
            } else if file.created.is_some() {
                // In the order the part created them: the commit renames files in this order
                // within their kind, and a run killed between two of them must leave a state
                // the next run completes the same way (`.env.example` before `.env`).
                (3, part, std::path::PathBuf::new(), file.id.index(), 0)
            } else if file.kind == crate::discover::FileKind::Shell {
                (1, 0, file.real.clone(), 0, 0)
            } else {
                (2, 0, file.real.clone(), 0, 0)
            };
            keyed.push((key, part, file.id));
        }
    }
    keyed.sort();
    let mut new_ids: Vec<std::collections::HashMap<FileId, FileId>> = runs.iter().map(|_| std::collections::HashMap::new()).collect();
    for (position, (_, part, id)) in keyed.iter().enumerate() {
        new_ids[*part].insert(*id, FileId::from_index(position));
    }
    // Every file moved once into one list, sorted by its new id in place: a second list of all
    // files (slots, then the files taken out of them) was the run's peak on large repositories.
    let mut files: Vec<crate::source::SourceFile> = Vec::with_capacity(keyed.len());
    let mut joined = Run::empty(crate::project::Options::default(), errors);
    joined.applied.reserve_exact(runs.iter().map(|(_, run)| run.applied.len()).sum());
    joined.notes.reserve_exact(runs.iter().map(|(_, run)| run.notes.len()).sum());
    let mut secrets: BTreeSet<String> = BTreeSet::new();
    for (part, (_, run)) in runs.into_iter().enumerate() {
        if part == 0 {
            joined.project.options = run.project.options.clone();
            joined.project.scopes = run.project.scopes.clone();
        }
        let ids = &new_ids[part];
        for mut file in run.project.files.into_vec() {
            file.id = ids[&file.id];
            files.push(file);
        }
        joined.applied.extend(run.applied.into_iter().map(|mut a| {
            a.file = ids[&a.file];
            a
        }));
        joined.notes.extend(run.notes.into_iter().map(|mut n| {
            n.file = ids[&n.file];
            n
        }));
        joined.errors.extend(run.errors);
        joined.warnings.extend(run.warnings);
        secrets.extend(run.secrets);
        for (index, pass) in run.passes.into_iter().enumerate() {
            match joined.passes.get_mut(index) {
                Some(sum) => {
                    sum.propose += pass.propose;
                    sum.apply += pass.apply;
                    sum.accepted += pass.accepted;
                }
                None => joined.passes.push(pass),
            }
        }
    }
    files.sort_unstable_by_key(|file| file.id.index());
    joined.project.files = crate::source::Files::from_vec(files);
    joined.secrets = secrets.into_iter().collect();
    joined.put_in_order();
    joined
}

/// The suppressions of `source`, read from its original text on first use.
fn suppressions_of<'a>(all: &'a mut std::collections::HashMap<FileId, Suppressions>, source: &crate::source::SourceFile) -> &'a mut Suppressions {
    all.entry(source.id).or_insert_with(|| Suppressions::read(&source.original, source.kind == crate::discover::FileKind::Compose))
}

/// Unknown ids in suppressions, and suppressions that suppressed nothing the run selected (a
/// suppression of a transform that did not run here may still be needed).
fn suppression_warnings(project: &Project, seen: &std::collections::HashMap<FileId, Suppressions>) -> Vec<InputError> {
    let mut warnings = Vec::new();
    let every_safe: Vec<&str> = crate::transforms::registry()
        .iter()
        .filter(|t| t.meta().safety == crate::catalog::Safety::Safe)
        .map(|t| t.id)
        .collect();
    for source in project.files.iter().filter(|f| f.created.is_none()) {
        let read;
        let suppressions = match seen.get(&source.id) {
            Some(s) => s,
            None => {
                read = Suppressions::read(&source.original, source.kind == crate::discover::FileKind::Compose);
                &read
            }
        };
        for s in &suppressions.0 {
            let at = |message: String| InputError::new(&source.path, s.line, s.column, message);
            match &s.ids {
                Some(ids) if ids.is_empty() => warnings.push(at("suppression names no transform: write `# dockfix: ignore` for all, or ids in the brackets".into())),
                Some(ids) => {
                    for id in ids {
                        if id != "all" && !crate::transforms::registry().iter().any(|t| t.id == id) {
                            warnings.push(at(format!("unknown transform `{id}` in suppression{}", crate::config::did_you_mean(id))));
                        } else if id != "all" && project.selects(&source.real, id) && !s.used.contains(id) {
                            warnings.push(at(format!("unused suppression: `{id}` changes nothing here")));
                        }
                    }
                }
                None => {
                    let full = every_safe.iter().all(|id| project.selects(&source.real, id));
                    if full && s.used.is_empty() {
                        warnings.push(at("unused suppression: no transform changes anything here".into()));
                    }
                }
            }
        }
    }
    warnings.sort_by(|a, b| (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message)));
    warnings
}

type Outcome<'a> = (Option<Kept<'a>>, Vec<(&'a Change, String)>);

/// Applies and verifies every file's accepted changes, without committing. A group one of whose
/// changes fails loses its other changes too, in every file, and none of it is proposed again.
fn apply_all<'a>(project: &Project, accepted: &'a [(FileId, Change)]) -> std::collections::BTreeMap<FileId, Outcome<'a>> {
    let mut outcomes: std::collections::BTreeMap<FileId, Outcome<'a>> = std::collections::BTreeMap::new();
    let mut failed_groups: BTreeSet<&str> = BTreeSet::new();
    let files: BTreeSet<FileId> = accepted.iter().map(|(file, _)| *file).collect();
    let mut todo: Vec<FileId> = files.iter().copied().collect();
    let mut by_file: std::collections::BTreeMap<FileId, Vec<&'a Change>> = std::collections::BTreeMap::new();
    for (file, change) in accepted {
        by_file.entry(*file).or_default().push(change);
    }
    while !todo.is_empty() {
        // Files are applied and verified on every core: each is on its own.
        let failed = &failed_groups;
        let done: Vec<(FileId, Outcome<'a>)> = crate::parallel::map(std::mem::take(&mut todo), |file| {
            let mine: Vec<&'a Change> = by_file[&file]
                .iter()
                .copied()
                .filter(|c| !c.group.as_deref().is_some_and(|g| failed.contains(g)))
                .collect();
            let outcome = catch_unwind(AssertUnwindSafe(|| apply_file(project, file, &mine)));
            let outcome = outcome.unwrap_or_else(|_| {
                (None, mine.iter().map(|c| (*c, "an internal error while applying it".to_string())).collect())
            });
            (file, outcome)
        });
        // A file applied again (a group of one of its changes failed elsewhere) keeps the
        // failures of its first attempt: they say why.
        for (file, (kept, mut failures)) in done {
            if let Some((_, earlier)) = outcomes.remove(&file) {
                let carried: Vec<(&'a Change, String)> =
                    earlier.into_iter().filter(|(c, _)| !failures.iter().any(|(d, _)| std::ptr::eq(*c, *d))).collect();
                failures.extend(carried);
            }
            outcomes.insert(file, (kept, failures));
        }
        let newly: BTreeSet<&str> = outcomes
            .values()
            .flat_map(|(_, failures)| failures.iter().filter_map(|(c, _)| c.group.as_deref()))
            .filter(|g| !failed_groups.contains(g))
            .collect();
        for group in &newly {
            failed_groups.insert(group);
            for (file, change) in accepted {
                if change.group.as_deref() == Some(*group) && !todo.contains(file) {
                    todo.push(*file);
                }
            }
        }
    }
    // Every member of a failed group is refused, not only the one that failed.
    for (file, change) in accepted {
        if change.group.as_deref().is_some_and(|g| failed_groups.contains(g)) {
            let entry = outcomes.entry(*file).or_insert((None, Vec::new()));
            if !entry.1.iter().any(|(c, _)| std::ptr::eq(*c, change)) {
                entry.1.push((change, "a change it belongs with failed".to_string()));
            }
        }
    }
    outcomes
}

/// A change refused once is not proposed again in later passes.
fn refusal_key(project: &Project, change: &Change) -> (&'static str, std::path::PathBuf, String) {
    let path = match &change.target {
        Target::File(file) => project.files[*file].real.clone(),
        Target::New(new) => new.real.clone(),
    };
    (change.transform, path, change.message.clone())
}

/// Takes changes in order, leaving for the next pass any whose edits overlap one taken, and any
/// that shares its file with an exclusive (restructuring) change. Two changes creating the same
/// file overlap, and so do two that each rewrite the same Dockerfile
/// instruction (their edits may touch different bytes, but each states the whole new
/// instruction, which only one of them can be).
fn accept_non_overlapping(changes: Vec<Change>) -> Vec<Change> {
    use crate::syntax::dockerfile::edit::DockerOp;
    let replaced = |change: &Change| -> Vec<usize> {
        match &change.expect {
            Expect::Dockerfile(ops) => ops
                .iter()
                .filter_map(|op| match op {
                    DockerOp::Replace { index, .. } | DockerOp::Remove { index } => Some(*index),
                    DockerOp::Insert { .. } => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut accepted: Vec<Change> = Vec::new();
    let mut deferred: BTreeSet<String> = BTreeSet::new();
    for change in changes {
        if change.edits.is_empty() {
            continue;
        }
        let same_file: Vec<&Change> = accepted.iter().filter(|a| a.target == change.target).collect();
        if !same_file.is_empty() && (change.exclusive || same_file.iter().any(|a| a.exclusive)) {
            continue;
        }
        let clashing: Vec<&&Change> = same_file.iter().filter(|a| {
            matches!(change.target, Target::New(_))
                || a.edits.iter().any(|x| change.edits.iter().any(|y| x.overlaps(y)))
                || replaced(a).iter().any(|i| replaced(&change).contains(i))
                || (rewrites_text(a) || rewrites_text(&change)) && inserts_at_same_point(a, &change)
                || acts_inside_removed(a, &change)
                || acts_inside_removed(&change, a)
                || adds_same_pattern(a, &change)
        }).collect();
        let overlaps = !clashing.is_empty();
        // Members of one group that clash with each other (two lines for one new file) follow
        // each other pass by pass; a clash with another transform's change makes the group wait.
        if overlaps && clashing.iter().any(|a| a.group.is_none() || a.group != change.group) {
            deferred.extend(change.group.clone());
        }
        if !overlaps {
            accepted.push(change);
        }
    }
    // A group waits whole: a secret written to `.env` but still in the compose file, or a mount
    // removed from one file and not yet added to the other, helps nobody for a pass.
    accepted.retain(|change| !change.group.as_ref().is_some_and(|g| deferred.contains(g)));
    accepted
}

/// Whether two changes add the same pattern to one ignore file (`docker/.env` for the secrets
/// of a build context and for a moved `.env`): applied together the line would be there twice;
/// the second waits a pass, and then finds it there.
fn adds_same_pattern(a: &Change, b: &Change) -> bool {
    let (Expect::Patterns { insert: x, .. }, Expect::Patterns { insert: y, .. }) = (&a.expect, &b.expect) else { return false };
    x.iter().any(|(_, pattern)| y.iter().any(|(_, other)| other == pattern))
}

/// Whether `other` edits inside a YAML node `removing` removes (a key added to a ports entry
/// while another change moves the whole `ports` to another file). Their bytes may only touch —
/// the insertion at the end of the removed range — and applied together the insertion lands
/// where the node was; the second waits for the next pass, and acts on what is left then.
fn acts_inside_removed(removing: &Change, other: &Change) -> bool {
    use crate::syntax::yaml::locate::Seg;
    let (Expect::Yaml(removals), Expect::Yaml(ops)) = (&removing.expect, &other.expect) else { return false };
    let removed: Vec<Vec<Seg>> = removals
        .iter()
        .filter_map(|op| match op {
            YamlOp::RemoveKey { path, key } => Some([path.as_slice(), &[Seg::Key(key.clone())]].concat()),
            YamlOp::RemoveItem { path, index } => Some([path.as_slice(), &[Seg::Index(*index)]].concat()),
            _ => None,
        })
        .collect();
    let acted_at = |op: &YamlOp| -> Vec<Seg> {
        match op {
            YamlOp::InsertKey { path, .. } | YamlOp::AppendItem { path, .. } | YamlOp::ReplaceScalar { path, .. } => path.clone(),
            YamlOp::RemoveKey { path, key } | YamlOp::ReplacePair { path, key, .. } => {
                [path.as_slice(), &[Seg::Key(key.clone())]].concat()
            }
            YamlOp::RemoveItem { path, index } => [path.as_slice(), &[Seg::Index(*index)]].concat(),
        }
    };
    removed.iter().any(|gone| ops.iter().any(|op| acted_at(op).starts_with(gone)))
}

/// A Dockerfile change that restates an instruction (its insertions extend that instruction's
/// text, so their order against a new instruction inserted at the same byte is not defined).
fn rewrites_text(change: &Change) -> bool {
    use crate::syntax::dockerfile::edit::DockerOp;
    matches!(&change.expect, Expect::Dockerfile(ops) if ops.iter().any(|op| !matches!(op, DockerOp::Insert { .. })))
}

fn inserts_at_same_point(a: &Change, b: &Change) -> bool {
    a.edits.iter().any(|x| x.is_insertion() && b.edits.iter().any(|y| y.is_insertion() && x.range.start == y.range.start))
}

/// Registers the files created by accepted changes, so their edits are applied and verified like
/// any other; returns every change with the file it edits.
fn create_files(project: &mut Project, accepted: Vec<Change>) -> Vec<(FileId, Change)> {
    accepted
        .into_iter()
        .map(|change| {
            let file = match &change.target {
                Target::File(file) => *file,
                Target::New(new) => {
                    let found = Found { display: new.display.clone(), real: new.real.clone(), kind: new.kind, needs_services: false, overlay: false };
                    project.create(&found, new.mode)
                }
            };
            (file, change)
        })
        .collect()
}

/// A file's edits that passed verification, with its new parse.
struct Kept<'a> {
    changes: Vec<&'a Change>,
    edits: Vec<Edit>,
    parsed: Parsed,
}

/// Applies a file's changes together; when the result fails verification, retries them one by
/// one so that only the changes that fail are dropped (with why).
fn apply_file<'a>(project: &Project, file: FileId, changes: &[&'a Change]) -> (Option<Kept<'a>>, Vec<(&'a Change, String)>) {
    if let Ok(kept) = try_changes(project, file, changes) {
        return (Some(kept), Vec::new());
    }
    // The last attempt that passed holds every change kept so far.
    let mut kept: Option<Kept<'a>> = None;
    let mut failures = Vec::new();
    for change in changes {
        let mut attempt = kept.as_ref().map_or_else(Vec::new, |k| k.changes.clone());
        attempt.push(change);
        match try_changes(project, file, &attempt) {
            Ok(passed) => kept = Some(passed),
            Err(why) => failures.push((*change, why)),
        }
    }
    (kept, failures)
}

fn try_changes<'a>(project: &Project, file: FileId, changes: &[&'a Change]) -> Result<Kept<'a>, String> {
    let source = &project.files[file];
    let mut edits: Vec<Edit> = changes.iter().flat_map(|c| c.edits.iter().cloned()).collect();
    edit::check(source.text(), &mut edits).map_err(|e| e.to_string())?;
    let new_text = edit::apply(source.text(), &edits).map_err(|e| e.to_string())?;
    if new_text == source.text() {
        return Err("its edits change nothing".into());
    }
    let parsed = match verify(&source.parsed, &edits, &new_text, changes)? {
        Some(parsed) => parsed,
        None => {
            let found = Found { display: source.path.clone(), real: source.real.clone(), kind: source.kind, needs_services: false, overlay: false };
            crate::source::parse(&found, &new_text).map_err(|e| format!("the result does not parse ({})", e.message))?
        }
    };
    Ok(Kept { changes: changes.to_vec(), edits, parsed })
}

/// Checks an edited file: it parses again, and means what the changes intended. Returns that
/// parse where verification made one (compose files, Dockerfiles), so it is not made twice.
fn verify(parsed: &Parsed, edits: &[Edit], new_text: &str, changes: &[&Change]) -> Result<Option<Parsed>, String> {
    match parsed {
        Parsed::Compose(compose) => {
            let mut ops: Vec<YamlOp> = Vec::new();
            for change in changes {
                match &change.expect {
                    Expect::Yaml(more) => ops.extend(more.iter().cloned()),
                    other => return Err(format!("a YAML file cannot take {}", expect_name(other))),
                }
            }
            Ok(Some(Parsed::Compose(Box::new(crate::syntax::compose::Compose::of(compose.yaml.verified_after(Some(edits), new_text, &ops)?)))))
        }
        Parsed::Lines(lines) => {
            let expected = expected_patterns(lines, changes)?;
            let actual: Vec<String> = LineFile::parse(new_text).patterns().into_iter().map(|(_, p)| p).collect();
            if actual != expected {
                return Err("the patterns after the edit are not the intended ones".into());
            }
            Ok(None)
        }
        Parsed::Dockerfile(dockerfile) => {
            let mut ops = Vec::new();
            for change in changes {
                match &change.expect {
                    Expect::Dockerfile(more) => ops.extend(more.iter().cloned()),
                    other => return Err(format!("a Dockerfile cannot take {}", expect_name(other))),
                }
            }
            Ok(Some(Parsed::Dockerfile(crate::syntax::dockerfile::edit::verified(dockerfile, new_text, &ops)?)))
        }
        Parsed::Script(script) => {
            let mut quoted = Vec::new();
            for change in changes {
                match &change.expect {
                    Expect::Quoted(more) => quoted.extend(more.iter().cloned()),
                    other => return Err(format!("a shell script cannot take {}", expect_name(other))),
                }
            }
            crate::syntax::script::verify(&script.text, new_text, &quoted).map(|()| None)
        }
    }
}

fn expect_name(expect: &Expect) -> &'static str {
    match expect {
        Expect::Yaml(_) => "YAML edits",
        Expect::Dockerfile(_) => "Dockerfile edits",
        Expect::Patterns { .. } => "pattern edits",
        Expect::Quoted(_) => "shell quoting",
    }
}

fn expected_patterns(lines: &LineFile, changes: &[&Change]) -> Result<Vec<String>, String> {
    let mut removed = Vec::new();
    let mut inserted: Vec<(Place, String)> = Vec::new();
    for change in changes {
        match &change.expect {
            Expect::Patterns { remove, insert } => {
                removed.extend(remove.iter().copied());
                inserted.extend(insert.iter().cloned());
            }
            other => return Err(format!("an ignore file cannot take {}", expect_name(other))),
        }
    }
    let patterns = lines.patterns();
    let mut expected = Vec::new();
    for index in 0..lines.lines.len() {
        if let Some((_, pattern)) = patterns.iter().find(|(line, _)| *line == index) {
            if !removed.contains(&index) {
                expected.push(pattern.clone());
            }
        }
        expected.extend(inserted.iter().filter(|(after, _)| *after == Place::AfterLine(index)).map(|(_, p)| p.clone()));
    }
    expected.extend(inserted.iter().filter(|(after, _)| *after == Place::End).map(|(_, p)| p.clone()));
    Ok(expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::FileKind;
    use crate::project::Options;
    use crate::source::Files;
    use crate::syntax::yaml::Value;
    use crate::syntax::yaml::locate::key;
    use crate::syntax::dockerfile::edit::DockerOp;
    use crate::transforms::Transform;

    /// A project of one compose file held in memory.
    fn project(text: &str) -> Project {
        let found = Found { display: "compose.yaml".into(), real: "/nonexistent/compose.yaml".into(), kind: FileKind::Compose, needs_services: false, overlay: false };
        let mut files = Files::default();
        files.push(&found, text.to_string(), None, crate::source::parse(&found, text).unwrap());
        Project::new(files, &Options::default())
    }

    /// A project of one Dockerfile held in memory.
    fn dockerfile_project(text: &str) -> Project {
        let found = Found { display: "Dockerfile".into(), real: "/nonexistent/Dockerfile".into(), kind: FileKind::Dockerfile, needs_services: false, overlay: false };
        let mut files = Files::default();
        files.push(&found, text.to_string(), None, crate::source::parse(&found, text).unwrap());
        Project::new(files, &Options::default())
    }

    fn text(run: &Run) -> &str {
        run.project.files.iter().next().unwrap().text()
    }

    /// Adds `key: value` to service `web` until it is there.
    struct AddKey(&'static str, &'static str);

    impl Transform for AddKey {
        fn propose(&self, project: &Project, out: &mut Proposals) {
            for (file, compose) in project.compose_files() {
                let path = [key("services"), key("web")];
                if let Ok((edit, op)) = compose.yaml.insert_key(&path, self.0, &Value::str(self.1)) {
                    out.change(file, 2, "add", vec![edit], Expect::Yaml(vec![op]));
                }
            }
        }
    }

    #[test]
    fn insertions_at_one_point_merge_in_one_pass_in_registry_order() {
        let transforms = [Registered { id: "a", transform: &AddKey("a", "1x") }, Registered { id: "b", transform: &AddKey("b", "2x") }];
        let run = run(project("services:\n  web:\n    image: x\n"), &transforms, Vec::new());
        assert_eq!(text(&run), "services:\n  web:\n    image: x\n    a: 1x\n    b: 2x\n");
        let passes: Vec<usize> = run.applied.iter().map(|a| a.pass).collect();
        assert_eq!(passes, [1, 1]);
        assert!(run.errors.is_empty());
    }

    /// Appends `suffix` to the last word of the Dockerfile's `RUN` (its own bytes, the whole
    /// instruction restated), until it is there.
    struct Suffix(&'static str, usize);

    impl Transform for Suffix {
        fn propose(&self, project: &Project, out: &mut Proposals) {
            for (file, dockerfile) in project.dockerfiles() {
                let instruction = dockerfile.instruction(1);
                let word = instruction.args.split_whitespace().nth(self.1).unwrap();
                if word.ends_with(self.0) {
                    continue;
                }
                let at = instruction.byte_of_arg(instruction.args.find(word).unwrap() + word.len());
                let args = instruction.args.replacen(word, &format!("{word}{}", self.0), 1);
                let text = format!("RUN {args}");
                out.change(file, 2, "suffix", vec![Edit::insert(at, self.0)], Expect::Dockerfile(vec![DockerOp::Replace { index: 1, text }]));
            }
        }
    }

    /// Appends `pattern` to the `.dockerignore` unless it already excludes it.
    struct IgnorePattern(&'static str);

    impl Transform for IgnorePattern {
        fn propose(&self, project: &Project, out: &mut Proposals) {
            for (file, lines) in project.line_files(FileKind::DockerIgnore) {
                if !lines.rules().excludes(self.0) {
                    let insert = vec![(crate::transforms::Place::End, self.0.to_string())];
                    out.change(file, 1, "ignore", vec![lines.append(&[self.0.to_string()])], Expect::Patterns { remove: Vec::new(), insert });
                }
            }
        }
    }

    #[test]
    fn two_changes_adding_one_pattern_land_once() {
        let found = Found { display: ".dockerignore".into(), real: "/nonexistent/.dockerignore".into(), kind: FileKind::DockerIgnore, needs_services: false, overlay: false };
        let text = "node_modules\n";
        let mut files = Files::default();
        files.push(&found, text.to_string(), None, crate::source::parse(&found, text).unwrap());
        let transforms = [Registered { id: "a", transform: &IgnorePattern("docker/.env") }, Registered { id: "b", transform: &IgnorePattern("docker/.env") }];
        let run = run(Project::new(files, &Options::default()), &transforms, Vec::new());
        assert!(run.errors.is_empty(), "{:?}", run.errors);
        assert_eq!(run.project.files.iter().next().unwrap().text(), "node_modules\ndocker/.env\n");
        assert_eq!(run.applied.len(), 1);
    }

    #[test]
    fn two_rewrites_of_one_instruction_wait_for_each_other() {
        let transforms = [Registered { id: "a", transform: &Suffix("A", 0) }, Registered { id: "b", transform: &Suffix("B", 1) }];
        let run = run(dockerfile_project("FROM x\nRUN one two\n"), &transforms, Vec::new());
        assert!(run.errors.is_empty(), "{:?}", run.errors);
        assert_eq!(run.project.files.iter().next().unwrap().text(), "FROM x\nRUN oneA twoB\n");
        let passes: Vec<usize> = run.applied.iter().map(|a| a.pass).collect();
        assert_eq!(passes, [1, 2]);
    }

    /// [`Suffix`], and a note on the same line for as long as the RUN is there.
    struct SuffixNoting(&'static str, usize);

    impl Transform for SuffixNoting {
        fn propose(&self, project: &Project, out: &mut Proposals) {
            for (file, _) in project.dockerfiles() {
                out.note(file, 2, "one word left as it is");
            }
            Suffix(self.0, self.1).propose(project, out);
        }
    }

    #[test]
    fn a_note_still_made_when_its_transforms_change_waited_a_pass_is_kept() {
        let transforms = [Registered { id: "a", transform: &Suffix("A", 0) }, Registered { id: "b", transform: &SuffixNoting("B", 1) }];
        let run = run(dockerfile_project("FROM x\nRUN one two\n"), &transforms, Vec::new());
        let passes: Vec<usize> = run.applied.iter().map(|a| a.pass).collect();
        assert_eq!(passes, [1, 2]);
        // Made in pass 1 (its change waiting) and again in pass 2 (its change applied): true
        // of the result, and kept.
        assert_eq!(run.notes.iter().filter(|n| n.transform == "b").count(), 1, "{:?}", run.notes);
    }

    /// Always appends a character: never settles.
    struct Restless;

    impl Transform for Restless {
        fn propose(&self, project: &Project, out: &mut Proposals) {
            let (file, compose) = project.compose_files().next().unwrap();
            let end = compose.yaml.text.len();
            let (edit, op) = compose.yaml.insert_key(&[], &format!("k{end}"), &Value::str("x")).unwrap();
            out.change(file, 1, "more", vec![edit], Expect::Yaml(vec![op]));
        }
    }

    #[test]
    fn a_run_that_never_settles_is_an_error_not_a_crash() {
        let run = run(project("a: 1\n"), &[Registered { id: "restless", transform: &Restless }], Vec::new());
        assert!(run.errors.iter().any(|e| e.message.contains("did not settle after 16 passes")), "{:?}", run.errors);
    }

    /// Claims to add a key but writes another one.
    struct Liar;

    impl Transform for Liar {
        fn propose(&self, project: &Project, out: &mut Proposals) {
            let (file, compose) = project.compose_files().next().unwrap();
            let path = [key("services"), key("web")];
            let (_, op) = compose.yaml.insert_key(&path, "restart", &Value::str("always")).unwrap();
            let (edit, _) = compose.yaml.insert_key(&path, "restart", &Value::str("never")).unwrap();
            out.change(file, 2, "lie", vec![edit], Expect::Yaml(vec![op]));
        }
    }

    /// Panics, and reads the file's text on the way.
    struct Crash;

    impl Transform for Crash {
        fn propose(&self, project: &Project, _: &mut Proposals) {
            let text = project.files.iter().next().unwrap().text();
            panic!("{}", &text[..text.len().min(40)]);
        }
    }

    /// Proposes an edit past the end of the file.
    struct OutOfRange;

    impl Transform for OutOfRange {
        fn propose(&self, project: &Project, out: &mut Proposals) {
            let (file, _) = project.compose_files().next().unwrap();
            out.change(file, 1, "bad", vec![Edit::insert(1 << 20, "x")], Expect::Yaml(Vec::new()));
        }
    }

    #[test]
    fn a_failing_change_is_dropped_and_the_rest_goes_on() {
        let transforms = [
            Registered { id: "crash", transform: &Crash },
            Registered { id: "range", transform: &OutOfRange },
            Registered { id: "liar", transform: &Liar },
            Registered { id: "a", transform: &AddKey("a", "1x") },
        ];
        let input = "services:\n  web:\n    image: x\n    environment: {PASSWORD: hunter2}\n";
        let run = run(project(input), &transforms, Vec::new());
        assert!(text(&run).ends_with("    a: 1x\n"), "{}", text(&run));
        assert!(!text(&run).contains("restart"));
        let errors: Vec<String> = run.errors.iter().map(ToString::to_string).collect();
        assert!(errors.iter().any(|e| e.contains("transform crash failed")), "{errors:?}");
        assert!(errors.iter().any(|e| e.contains("range proposed an edit that does not fit")), "{errors:?}");
        assert!(errors.iter().any(|e| e.starts_with("compose.yaml:2:1: internal verification failed for liar")), "{errors:?}");
        assert!(errors.iter().all(|e| !e.contains("hunter2")), "{errors:?}");
    }

    /// A good change and a lying one, in one group.
    struct Grouped;

    impl Transform for Grouped {
        fn propose(&self, project: &Project, out: &mut Proposals) {
            out.begin_group("g");
            AddKey("a", "1x").propose(project, out);
            Liar.propose(project, out);
            out.end_group();
        }
    }

    #[test]
    fn a_group_stands_or_falls_together() {
        let input = "services:\n  web:\n    image: x\n";
        let run = run(project(input), &[Registered { id: "grouped", transform: &Grouped }], Vec::new());
        assert_eq!(text(&run), input, "the good change of the group is dropped with the bad one");
        assert!(run.applied.is_empty());
        assert!(run.errors.iter().any(|e| e.message.contains("a change it belongs with failed")), "{:?}", run.errors);
    }
}
