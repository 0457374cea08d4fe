//! Render stage: tokens → formatted text, in process and byte-deterministic.

use crate::emit::{self, Emitted};
use crate::model::Api;
use crate::Files;
use proc_macro2::TokenStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The first line of every generated Rust file.
pub fn header(spec: &str) -> String {
    format!(
        "// {} from `{spec}`. Do not edit by hand: edit the spec and run `cargo xtask generate`.\n",
        crate::surface::MARKER
    )
}

/// Renders every file of the crate. Long files are emitted and rendered in parts (see
/// [`emit::Emitter::parts`]) on up to `available_parallelism` threads, each taking the next
/// part when it is done with one (tokens cannot cross threads, so each thread emits what it
/// renders). prettyplease prints a file's items one after the other, so a file's text is its
/// parts' texts joined, and the result does not depend on the thread count.
pub fn render_crate(api: &Api, spec: &str) -> Files {
    let emitter = emit::Emitter::new(api);
    let files = emitter.files();
    let tasks: Vec<(usize, usize)> = files
        .iter()
        .enumerate()
        .flat_map(|(i, (_, f))| (0..emitter.parts(*f)).map(move |p| (i, p)))
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(tasks.len()).max(1);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let Some(&(i, part)) = tasks.get(k) else { break done };
            let text = match files[i].1 {
                emit::File::Runtime(i) => formatted_runtime(i, emit::Needs::of(api)),
                file => match emitter.emit(file, part) {
                    Emitted::Text(t) => t,
                    Emitted::Rust(tokens) => prettyplease::unparse(&parse_file(tokens)),
                },
            };
            done.push((k, text));
        }
    };
    let mut texts: Vec<String> = vec![String::new(); tasks.len()];
    std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mine = work();
        for done in workers.into_iter().map(|w| w.join()).chain([Ok(mine)]) {
            match done {
                Ok(done) => done.into_iter().for_each(|(k, text)| texts[k] = text),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    let mut out = Files::new();
    for ((i, _), text) in tasks.iter().zip(texts) {
        let path = &files[*i].0;
        out.entry(path.clone())
            .or_insert_with(|| if path.ends_with(".rs") { rust_head(spec) } else { String::new() })
            .push_str(&text);
    }
    out
}

/// File `i` of the runtime, formatted: the same for every crate of the same needs, so
/// formatted once per process.
fn formatted_runtime(i: usize, needs: emit::Needs) -> String {
    static RUNTIME: [OnceLock<Vec<String>>; 4] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new()];
    RUNTIME[needs.index()].get_or_init(|| {
        (0..emit::RUNTIME.len())
            .map(|i| {
                let text = emit::runtime_text(i, needs);
                prettyplease::unparse(&parse_file(text.parse().expect("the runtime is valid Rust")))
            })
            .collect()
    })[i]
        .clone()
}

/// The syntax tree `prettyplease` formats (about half of the generation time on large specs).
pub fn parse_file(tokens: TokenStream) -> syn::File {
    match syn::parse2(tokens) {
        Ok(f) => f,
        // The emitters build their tokens with `quote!`; failing to parse them is a generator
        // bug.
        Err(e) => panic!("generated tokens do not parse: {e}"),
    }
}

/// Header, `rustfmt::skip` and the formatted file.
pub fn format_file(spec: &str, file: &syn::File) -> String {
    rust_head(spec) + &prettyplease::unparse(file)
}

/// What comes before the formatted tokens of a Rust file: the header and `rustfmt::skip`.
fn rust_head(spec: &str) -> String {
    // Inner attributes must stay first: put the skip right after the leading inner docs.
    format!("{}#![cfg_attr(rustfmt, rustfmt::skip)]\n", header(spec))
}
