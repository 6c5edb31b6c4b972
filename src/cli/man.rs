//! `jobtap man [SUBCOMMAND]`: the manual pages, jobtap(1) and one per subcommand
//! (jobtap-scrape(1), ...), rendered by clap_mangen from the definitions `--help` is made
//! from, with the sections `--help` has no room for: exit status, the master sheet's
//! merge rules, the files jobtap keeps.

use super::{log, print_listing, Cli, Exit, EXAMPLES, EXIT_CODES};
use clap::{Args, CommandFactory};
use clap_mangen::roff::{roman, Roff};
use clap_mangen::Man;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The subcommand whose page to print (`jobtap man scrape` is jobtap-scrape(1));
    /// none: jobtap(1), the top page.
    #[arg(value_name = "SUBCOMMAND")]
    pub page: Option<String>,
    /// Write every page (jobtap.1, jobtap-scrape.1, ...) into this directory instead, e.g.
    /// ~/.local/share/man/man1.
    #[arg(long, value_name = "DIR", conflicts_with = "page")]
    pub dir: Option<PathBuf>,
}

pub fn run(args: ManArgs) -> anyhow::Result<Exit> {
    let top = top();
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("cannot make {}: {e}", dir.display()))?;
        for cmd in pages(&top) {
            let path = dir.join(format!("{}.1", name(cmd)));
            let page = render(cmd)?;
            crate::export::Sink::File(path).write_with(|w| w.write_all(&page))?;
        }
        return Ok(Exit::Ok);
    }
    let cmd = match args.page.as_deref() {
        None => &top,
        Some(wanted) => match top.find_subcommand(wanted) {
            Some(sub) => sub,
            None => {
                let known: Vec<&str> = top.get_subcommands().map(|s| s.get_name()).collect();
                log::error(format!(
                    "{wanted}: no such subcommand (known: {})",
                    known.join(", ")
                ));
                return Ok(Exit::Usage);
            }
        },
    };
    let page = render(cmd)?;
    print_listing(|w| w.write_all(&page))
}

/// The command line as the pages describe it: built (so subcommands carry their global
/// options and their `jobtap-NAME` names), with no `help` subcommand, which has no page.
fn top() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// Every page: the top one, then one per subcommand.
fn pages(top: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    std::iter::once(top).chain(top.get_subcommands())
}

/// A page's name: `jobtap`, `jobtap-scrape`, ...
fn name(cmd: &clap::Command) -> &str {
    cmd.get_display_name().unwrap_or_else(|| cmd.get_name())
}

/// One page in roff.
fn render(cmd: &clap::Command) -> std::io::Result<Vec<u8>> {
    let man = Man::new(cmd.clone()).source(format!("jobtap {}", env!("CARGO_PKG_VERSION")));
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut page)?;
    }
    let mut roff = Roff::default();
    for (title, paragraphs) in sections(cmd.get_name()) {
        roff.control("SH", [title]);
        for p in paragraphs {
            roff.control("PP", []).text([roman(*p)]);
        }
    }
    exit_status(&mut roff, cmd.get_name());
    roff.to_writer(&mut page)?;
    // Only the top command carries the version (clap_mangen's section needs one).
    if cmd.get_version().is_some() {
        man.render_version_section(&mut page)?;
    }
    Ok(page)
}

type Section = (&'static str, &'static [&'static str]);

/// The sections a page has beyond its options, by subcommand (`jobtap` for the top page).
fn sections(command: &str) -> Vec<Section> {
    match command {
        "jobtap" => vec![EXAMPLES_SECTION, FILES],
        "scrape" => vec![MASTER_SHEET, STATE, FILES],
        "run" => vec![MASTER_SHEET, RUN, FILES],
        _ => Vec::new(),
    }
}

const EXAMPLES_SECTION: Section = ("EXAMPLES", EXAMPLES);

const MASTER_SHEET: Section = (
    "MASTER SHEET",
    &[
        "--merge-into FILE.csv (or FILE.xlsx) keeps one sheet up to date that you open, sort, filter and write in. New postings are added at the end; known ones (same id, or the same job now listed by another source) get jobtap's columns refreshed; postings no longer listed stay, with the last_seen of the last run that saw them. first_seen never changes once set; sources collects every source that ever listed the row.",
        "Your columns are yours: any column jobtap did not write is kept, with what you typed in it and your column order. A row no longer listed is left exactly as it is.",
        "A deleted row stays deleted: every id ever merged is remembered in FILE.jobtap-ids beside the sheet (delete that file to let rows come back). A row whose status column (any case) says hide is left exactly as it is from then on: never refreshed, never added again.",
        "CSV that Excel or LibreOffice re-saved is read as it is (UTF-8 with or without BOM, or Windows-1252; comma, semicolon or tab; CRLF or LF) and written back the same way. XLSX keeps your values and formulas, not your formatting.",
        "The sheet is written atomically, after the output file and before the state; a run in which every source failed, or every source was skipped for its min_interval, leaves it untouched. While LibreOffice or Excel has the sheet open (.~lock.FILE# or ~$FILE beside it) the run stops with exit status 5 before it fetches, or before it saves.",
    ],
);

const STATE: Section = (
    "STATE",
    &[
        "With --state PATH (or JOBTAP_STATE; --new-only alone uses the platform's data directory) jobtap keeps a SQLite database of every posting seen and each source's last run. --new-only writes only postings no earlier run saw; --include-changed adds those whose content changed. The state is written last, so a failed write never hides postings from the next run.",
        "A source may ask for few requests (min_interval in its definition: remotive and jobicy do). With state kept, a run within that time skips it and says when it may be fetched next (\"remotive skipped: fetched 2h ago, next after 4h ...; --force to fetch now\"); when every source was skipped, nothing is written and an existing -o file is left as it was.",
    ],
);

const RUN: Section = (
    "SAVED SEARCHES",
    &[
        "jobtap run runs every [[search]] of the config file in order, or those named; jobtap run --list checks the file and lists them. It always keeps state (each search its own record of postings seen), so min_interval holds across runs.",
        "With several searches it ends with one exit status for the whole run: 5, 1 or 2 when any search ended so, else the sources of all searches count together (4 only when no search fetched anything, 3 when some sources failed).",
    ],
);

const FILES: Section = (
    "FILES",
    &[
        "~/.config/jobtap/config.toml: saved searches (the platform's config directory; --config or JOBTAP_CONFIG for another). ~/.local/share/jobtap/state.sqlite: the state with --new-only (the platform's data directory). ~/.cache/jobtap/robots/: robots.txt copies (JOBTAP_CACHE_DIR moves the cache).",
        "FILE.jobtap-ids beside a master sheet: every id ever merged into it.",
        ".NAME.jobtap-lock beside the state database and the master sheet: the file two runs lock so that they take turns (exit status 5, or --wait). The lock is the system's, held only while a run uses it and dropped however the run ends, so the file is normal to keep and never stale; it says so inside, and deleting it while no run is going is harmless.",
    ],
);

/// EXIT STATUS: the table of `EXIT_CODES` for the commands that fetch or read postings;
/// the three that apply to the listings.
fn exit_status(roff: &mut Roff, command: &str) {
    roff.control("SH", ["EXIT STATUS"]);
    if !matches!(command, "jobtap" | "scrape" | "parse" | "run") {
        roff.text([roman(
            "0 success, 1 error (for example a config file that cannot be read), 2 usage error.",
        )]);
        return;
    }
    if command == "parse" {
        roff.text([roman("For parse, each saved file counts as a source.")]);
    }
    for (code, meaning) in EXIT_CODES {
        roff.control("TP", [])
            .text([roman(*code)])
            .text([roman(meaning.replace('`', ""))]);
    }
}
