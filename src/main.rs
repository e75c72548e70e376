//! The `kehoach` command line: a thin layer over the library.
//!
//! Exit codes: 0 when everything asked for was done, 1 when some input files
//! failed (the others were still processed), 2 for usage, index or query errors.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use kehoach::export::{self, Format};
use kehoach::index::PlanIndex;
use kehoach::ingest::{ReadOptions, DEFAULT_MAX_BYTES};
use kehoach::load::{self, Outcome};
use kehoach::model::{Plan, Role, Section};
use kehoach::report::{FileReport, Listing, RunReport};
use kehoach::search::SearchRequest;

/// mimalloc: malloc and free were ~11% of parsing with the system allocator.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser, Debug)]
#[command(
    name = "kehoach",
    version,
    about = "Parse, index, search and export Vietnamese legal-aid plans (Kế hoạch trợ giúp pháp lý)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Parse plans and add them to the index (re-indexing replaces changed files, skips unchanged ones, drops deleted ones)
    Index {
        /// Files or folders (.txt, .md, .htm, .html, .docx); none: the bundled corpus
        paths: Vec<PathBuf>,
        /// Index folder (default: the per-user cache, see README)
        #[arg(long, env = "KEHOACH_INDEX")]
        index: Option<PathBuf>,
        /// Delete the index first and build it anew
        #[arg(long)]
        rebuild: bool,
        /// Skip files larger than this many bytes
        #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
        max_bytes: u64,
        /// Write a JSON report of every file found and what became of it
        #[arg(long)]
        report: Option<PathBuf>,
    },
    /// Search the index: ranked plans with the best-matching section and a snippet
    Search {
        /// Query: words (all must match), "a phrase", OR, NOT; may be empty with filters
        query: String,
        /// Only plans of this province (repeatable; "tỉnh" and accents optional)
        #[arg(long)]
        province: Vec<String>,
        /// Only plans whose period covers this year
        #[arg(long, conflicts_with = "years")]
        year: Option<i32>,
        /// Only plans whose period overlaps this range, e.g. 2020..2024
        #[arg(long)]
        years: Option<String>,
        /// Only plans citing this document id, e.g. 59/2012/QĐ-TTg
        #[arg(long)]
        cites: Option<String>,
        /// Only plans naming this responsible unit
        #[arg(long)]
        unit: Option<String>,
        /// Number of plans to show
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print the results as JSON
        #[arg(long)]
        json: bool,
        /// List matching sections and tasks across plans instead of plans
        #[arg(long)]
        sections: bool,
        /// Index folder (default: the bundled corpus' index, built on first use)
        #[arg(long, env = "KEHOACH_INDEX")]
        index: Option<PathBuf>,
    },
    /// Parse plans and print them as JSON, NDJSON or CSV (one row per task)
    Export {
        /// Files or folders (.txt, .md, .htm, .html, .docx); none: the bundled corpus
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = FormatArg::Json)]
        format: FormatArg,
        /// Write to this file instead of standard output
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Skip files larger than this many bytes
        #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
        max_bytes: u64,
        /// Write a JSON report of every file found and what became of it
        #[arg(long)]
        report: Option<PathBuf>,
    },
    /// Score the parser against hand-written gold files (shared/GOLD.md format)
    Eval {
        /// Folder of gold .json files
        gold: PathBuf,
        /// Files or folders holding the documents the gold names; none: the bundled corpus
        paths: Vec<PathBuf>,
        /// Print missing and extra items per document
        #[arg(long, short)]
        verbose: bool,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
        /// Exit with 1 when the overall macro-F1 is below this
        #[arg(long)]
        min_macro: Option<f64>,
    },
    /// Describe an index: where it is, how many plans it holds, which
    Info {
        /// Index folder (default: the bundled corpus' index, built on first use)
        #[arg(long, env = "KEHOACH_INDEX")]
        index: Option<PathBuf>,
        /// Print as JSON, with the path of every plan
        #[arg(long)]
        json: bool,
    },
    /// Show one parsed plan as a readable tree
    Show {
        file: PathBuf,
        /// Print the parsed plan as JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Json,
    Ndjson,
    Csv,
}

/// A failure that ends the run with exit code 2.
struct Fatal(String);

impl<E: std::fmt::Display> From<E> for Fatal {
    fn from(e: E) -> Self {
        Fatal(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(Fatal(msg)) => {
            if msg.contains("Broken pipe") {
                return ExitCode::SUCCESS;
            }
            eprintln!("kehoach: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Fatal> {
    match cli.command {
        Command::Index {
            paths,
            index,
            rebuild,
            max_bytes,
            report,
        } => cmd_index(&paths, index, rebuild, max_bytes, report),
        Command::Search {
            query,
            province,
            year,
            years,
            cites,
            unit,
            limit,
            json,
            sections,
            index,
        } => {
            let years = match (year, years) {
                (Some(y), _) => Some((y, y)),
                (None, Some(r)) => Some(parse_years(&r)?),
                _ => None,
            };
            let req = SearchRequest {
                query,
                provinces: province,
                years,
                cites,
                unit,
                limit,
            };
            without_huge_pages();
            if sections {
                cmd_search_sections(&req, index, json)
            } else {
                cmd_search(&req, index, json)
            }
        }
        Command::Export {
            paths,
            format,
            output,
            max_bytes,
            report,
        } => cmd_export(&paths, format, output, max_bytes, report),
        Command::Show { file, json } => cmd_show(&file, json),
        Command::Info { index, json } => cmd_info(index, json),
        Command::Eval {
            gold,
            paths,
            verbose,
            json,
            min_macro,
        } => cmd_eval(&gold, &paths, verbose, json, min_macro),
    }
}

fn parse_years(r: &str) -> Result<(i32, i32), Fatal> {
    let bad = || Fatal(format!("--years {r:?}: expected FROM..TO, e.g. 2020..2024"));
    let (a, b) = r
        .split_once("..")
        .or_else(|| r.split_once('-'))
        .ok_or_else(bad)?;
    let a: i32 = a.trim().parse().map_err(|_| bad())?;
    let b: i32 = b.trim().parse().map_err(|_| bad())?;
    if a > b {
        return Err(Fatal(format!("--years {r:?}: the range is empty")));
    }
    Ok((a, b))
}

/// Run every input (or the bundled corpus) through `each` as it is parsed, with a
/// progress bar on a terminal, naming each file that is skipped or fails, and
/// account for all of them.
fn stream_inputs(
    paths: &[PathBuf],
    max_bytes: u64,
    listing: Option<&mut ReportFile>,
    mut each: impl FnMut(&Outcome) -> Result<(), Fatal>,
) -> Result<RunReport, Fatal> {
    stream_prepared(paths, max_bytes, listing, |o| (o, ()), |o, ()| each(o))
}

/// [`stream_inputs`], with `prepare` run on each outcome on the parsing threads
/// and what it gives back handed to `each` (see [`load::for_each_with`]).
fn stream_prepared<T: Send>(
    paths: &[PathBuf],
    max_bytes: u64,
    mut listing: Option<&mut ReportFile>,
    prepare: impl Fn(Outcome) -> (Outcome, T) + Sync,
    mut each: impl FnMut(&Outcome, T) -> Result<(), Fatal>,
) -> Result<RunReport, Fatal> {
    let mut report = RunReport::default();
    let mut failure: Option<Fatal> = None;
    let mut take = |o: Outcome, t: T, report: &mut RunReport| {
        if failure.is_some() {
            return;
        }
        report.add(&o);
        match &o {
            Outcome::Failed(e) => eprintln!("kehoach: skipped {e}"),
            Outcome::Crashed { path, message } => eprintln!("kehoach: failed {path}: {message}"),
            Outcome::Parsed { .. } => {}
        }
        let listed = match listing.as_deref_mut() {
            Some(l) => l.add(&o),
            None => Ok(()),
        };
        if let Err(e) = listed.and_then(|()| each(&o, t)) {
            failure = Some(e);
        }
    };
    if paths.is_empty() {
        for o in load::load_embedded() {
            let (o, t) = prepare(o);
            take(o, t, &mut report);
        }
    } else {
        let bar = progress_bar("{bar:30} {pos}/{len} {wide_msg}");
        load::for_each_with(paths, ReadOptions { max_bytes }, prepare, |total, o, t| {
            bar.set_length(total as u64);
            bar.inc(1);
            bar.set_message(o.path().to_string());
            take(o, t, &mut report);
        });
        bar.finish_and_clear();
    }
    match failure {
        Some(e) => Err(e),
        None => Ok(report),
    }
}

/// A progress bar drawn with `template` on a terminal, hidden otherwise.
fn progress_bar(template: &str) -> ProgressBar {
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new(0)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// The `--report` file, written as the run goes (see [`Listing`]). It is
/// created before the run, so a path that cannot be written fails at once.
struct ReportFile {
    path: PathBuf,
    listing: Listing<std::io::BufWriter<std::fs::File>>,
}

impl ReportFile {
    fn create(to: Option<&Path>) -> Result<Option<ReportFile>, Fatal> {
        let Some(p) = to else {
            return Ok(None);
        };
        let f = std::fs::File::create(p).map_err(|e| file_err(p, e))?;
        Ok(Some(ReportFile {
            path: p.to_path_buf(),
            listing: Listing::start(std::io::BufWriter::new(f)).map_err(|e| file_err(p, e))?,
        }))
    }

    fn add(&mut self, o: &Outcome) -> Result<(), Fatal> {
        let entry = FileReport::of(o);
        self.listing
            .add(&entry)
            .map_err(|e| file_err(&self.path, e))
    }

    fn finish(self, counts: &RunReport) -> Result<(), Fatal> {
        match self.listing.finish(counts) {
            Ok(_) => Ok(()),
            Err(e) => Err(file_err(&self.path, e)),
        }
    }
}

/// An error writing the file at `path`, naming it.
fn file_err(path: &Path, e: std::io::Error) -> Fatal {
    Fatal(format!("{}: {e}", path.display()))
}

fn exit_for(report: &RunReport) -> ExitCode {
    if report.all_parsed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Parsed plans of `paths` (or the bundled corpus), for commands that need them all.
fn load_plans(paths: &[PathBuf], max_bytes: u64) -> Result<Vec<Plan>, Fatal> {
    let mut plans = Vec::new();
    stream_inputs(paths, max_bytes, None, |o| {
        if let Outcome::Parsed { plan, .. } = o {
            plans.push((**plan).clone());
        }
        Ok(())
    })?;
    Ok(plans)
}

fn index_dir(given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(kehoach::corpus::default_index_dir)
}

fn cmd_index(
    paths: &[PathBuf],
    index: Option<PathBuf>,
    rebuild: bool,
    max_bytes: u64,
    report_to: Option<PathBuf>,
) -> Result<ExitCode, Fatal> {
    let dir = index_dir(index);
    let idx = PlanIndex::open_or_create(&dir, rebuild)?;
    let mut session = idx.session()?;
    let indexed = session.indexed();
    let mut warnings = 0usize;
    // documents are built on the parsing threads; the writer only receives them
    // (what the run needs of a plan after its document is built is its path
    // and warnings: the rest is freed on the thread that parsed it)
    let prepare = |o: Outcome| {
        let doc = match &o {
            Outcome::Parsed { plan, text } => Some(idx.prepare(plan, text, &indexed)),
            _ => None,
        };
        (o.into_accounted(), doc)
    };
    let mut listing = ReportFile::create(report_to.as_deref())?;
    let report = stream_prepared(
        paths,
        max_bytes,
        listing.as_mut(),
        prepare,
        |o, prepared| {
            if let (Outcome::Parsed { plan, .. }, Some(p)) = (o, prepared) {
                warnings += plan.warnings.len();
                session.add_prepared(p?)?;
            }
            Ok(())
        },
    )?;
    // plans whose files were deleted since the last run leave the index too
    for p in session.remove_missing(paths)? {
        eprintln!("kehoach: removed {p} from the index: the file is gone");
    }
    // the last step merges small segments (seconds on a large index)
    let bar = progress_bar("{bar:30} {pos}/{len} merging index segments");
    let stats = session.finish_with(|done, of| {
        bar.set_length(of as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    if let Some(l) = listing {
        l.finish(&report)?;
    }
    eprintln!(
        "indexed {} plans into {} ({} new, {} replaced, {} unchanged, {} removed; {} warnings)",
        report.parsed + report.parsed_with_warnings,
        dir.display(),
        stats.added,
        stats.replaced,
        stats.unchanged,
        stats.removed,
        warnings
    );
    eprintln!("{}", report.summary());
    Ok(exit_for(&report))
}

/// Open the index to search (one query, on this thread); the default one is
/// built from the bundled corpus on first use.
fn open_for_search(index: Option<PathBuf>) -> Result<PlanIndex, Fatal> {
    if let Some(dir) = index {
        return Ok(PlanIndex::open_single_threaded(&dir)?);
    }
    let dir = kehoach::corpus::default_index_dir();
    if let Ok(idx) = PlanIndex::open_single_threaded(&dir) {
        if !idx.is_empty()? {
            return Ok(idx);
        }
    }
    eprintln!(
        "kehoach: building the index of the bundled corpus at {} (first use)",
        dir.display()
    );
    let idx = PlanIndex::open_or_create(&dir, true)?;
    let mut session = idx.session()?;
    stream_inputs(&[], DEFAULT_MAX_BYTES, None, |o| {
        if let Outcome::Parsed { plan, text } = o {
            session.add(plan, text)?;
        }
        Ok(())
    })?;
    session.finish()?;
    // opened again as every search opens it: the writer's index reads its
    // files into buffers (kehoach::directory), a search maps them
    drop(idx);
    Ok(PlanIndex::open_single_threaded(&dir)?)
}

/// Print `hits` as JSON when asked, or say `none` when there are none; true
/// when that is all there is to print.
fn printed_as_json_or_empty<T: serde::Serialize>(
    out: &mut impl Write,
    hits: &[T],
    json: bool,
    none: &str,
) -> Result<bool, Fatal> {
    if json {
        serde_json::to_writer_pretty(&mut *out, hits)?;
        writeln!(out)?;
        return Ok(true);
    }
    if hits.is_empty() {
        eprintln!("{none}");
        return Ok(true);
    }
    Ok(false)
}

/// Standard output, written in one go: a locked stdout alone is line-buffered,
/// so each line was its own write (155 for ten plans as JSON). Flush it before
/// returning, so that a failed write is reported rather than lost in its drop.
fn buffered_stdout() -> std::io::BufWriter<std::io::StdoutLock<'static>> {
    std::io::BufWriter::new(std::io::stdout().lock())
}

/// "225/KH-STP · Ninh Thuận · 2022", with placeholders for what is unknown.
fn plan_label(number: &Option<String>, province: &Option<String>, year: Option<i32>) -> String {
    [
        number.clone().unwrap_or_else(|| "(no number)".into()),
        province.clone().unwrap_or_else(|| "?".into()),
        year.map(|y| y.to_string()).unwrap_or_else(|| "?".into()),
    ]
    .join(" · ")
}

fn cmd_search(req: &SearchRequest, index: Option<PathBuf>, json: bool) -> Result<ExitCode, Fatal> {
    let index = open_for_search(index)?;
    let hits = index.search(req)?;
    forget_at_exit(index);
    let mut out = buffered_stdout();
    if printed_as_json_or_empty(&mut out, &hits, json, "no plan matches")? {
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let color = std::io::stdout().is_terminal();
    for (i, h) in hits.iter().enumerate() {
        let head = plan_label(&h.doc_number, &h.province, h.year);
        writeln!(out, "{}. {}  {}", i + 1, head, h.path)?;
        if let Some(t) = &h.title {
            writeln!(out, "   {}", truncate(t, 120))?;
        }
        if let Some(s) = &h.section {
            writeln!(
                out,
                "   § {} {}",
                s,
                truncate(h.heading.as_deref().unwrap_or(""), 100)
            )?;
        }
        writeln!(out, "   {}", highlight(&h.snippet, &h.highlights, color))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Turn off transparent huge pages for the rest of this process. mimalloc
/// asks for them for its heap, so the first touch of each 2 MiB of heap made
/// the kernel zero all of it: a search of 100k plans held ~11 MB of heap with
/// them and ~2-3 MB without, ~4 ms of system CPU a process (see BENCHMARKS.md,
/// nineteenth round).
/// Only for a short command: parsing runs faster with them (fewer TLB misses).
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes no pointer and sets a flag of this
    // process only; when the kernel refuses it, nothing changes
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Leave an index open searched to the process's exit: dropping it unmaps each
/// file of every segment one by one (measured when searches ran on a pool of
/// threads, which each unmap interrupted: ~20% of a short search's time on a
/// 100k-plan index); the exit releases the whole address space at once. Only
/// for a one-shot command about to print and return.
fn forget_at_exit(index: kehoach::index::PlanIndex) {
    std::mem::forget(index);
}

fn cmd_search_sections(
    req: &SearchRequest,
    index: Option<PathBuf>,
    json: bool,
) -> Result<ExitCode, Fatal> {
    let index = open_for_search(index)?;
    let hits = index.search_sections(req)?;
    forget_at_exit(index);
    let mut out = buffered_stdout();
    if printed_as_json_or_empty(&mut out, &hits, json, "no section matches")? {
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let color = std::io::stdout().is_terminal();
    for (i, h) in hits.iter().enumerate() {
        let plan = plan_label(&h.doc_number, &h.province, h.year);
        match &h.section {
            Some(s) => writeln!(
                out,
                "{}. § {} {}",
                i + 1,
                s,
                truncate(h.heading.as_deref().unwrap_or(""), 90)
            )?,
            None => writeln!(out, "{}. (outside the numbered sections)", i + 1)?,
        }
        writeln!(out, "   {plan}  {}", h.path)?;
        if !h.lead.is_empty() || h.deadline.is_some() {
            writeln!(
                out,
                "   lead: {}   deadline: {}",
                h.lead.join("; "),
                h.deadline.as_deref().unwrap_or("—")
            )?;
        }
        writeln!(out, "   {}", highlight(&h.snippet, &h.highlights, color))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn highlight(s: &str, ranges: &[(usize, usize)], color: bool) -> String {
    let (open, close) = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("«", "»")
    };
    let mut out = String::new();
    let mut at = 0;
    for &(a, b) in ranges {
        if a < at || b > s.len() || !s.is_char_boundary(a) || !s.is_char_boundary(b) {
            continue;
        }
        out.push_str(&s[at..a]);
        out.push_str(open);
        out.push_str(&s[a..b]);
        out.push_str(close);
        at = b;
    }
    out.push_str(&s[at..]);
    out
}

fn truncate(s: &str, n: usize) -> String {
    let flat = s.replace('\n', " ");
    if flat.chars().count() <= n {
        flat
    } else {
        format!("{}…", flat.chars().take(n).collect::<String>())
    }
}

fn cmd_export(
    paths: &[PathBuf],
    format: FormatArg,
    output: Option<PathBuf>,
    max_bytes: u64,
    report_to: Option<PathBuf>,
) -> Result<ExitCode, Fatal> {
    let format = match format {
        FormatArg::Json => Format::Json,
        FormatArg::Ndjson => Format::Ndjson,
        FormatArg::Csv => Format::Csv,
    };
    let mut listing = ReportFile::create(report_to.as_deref())?;
    let sink: Box<dyn Write> = match &output {
        Some(p) => {
            Box::new(std::fs::File::create(p).map_err(|e| Fatal(format!("{}: {e}", p.display())))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut writer = export::Writer::new(format, std::io::BufWriter::new(sink))?;
    let report = stream_inputs(paths, max_bytes, listing.as_mut(), |o| {
        if let Outcome::Parsed { plan, .. } = o {
            writer.write(plan)?;
        }
        Ok(())
    })?;
    writer.finish()?;
    if let Some(l) = listing {
        l.finish(&report)?;
    }
    eprintln!(
        "exported {} plans; {}",
        report.parsed + report.parsed_with_warnings,
        report.summary()
    );
    Ok(exit_for(&report))
}

fn cmd_show(file: &Path, json: bool) -> Result<ExitCode, Fatal> {
    let src = kehoach::ingest::read(file, ReadOptions::default())?;
    let plan = match load::parse_source(src) {
        Outcome::Parsed { plan, .. } => *plan,
        Outcome::Failed(e) => return Err(Fatal(e.to_string())),
        Outcome::Crashed { path, message } => return Err(Fatal(format!("{path}: {message}"))),
    };
    let mut out = buffered_stdout();
    if json {
        serde_json::to_writer_pretty(&mut out, &plan)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "—".into());
    writeln!(out, "{}", plan.path)?;
    writeln!(
        out,
        "  number:   {}   symbol: {}   type: {}",
        opt(&plan.doc_number),
        opt(&plan.doc_symbol),
        opt(&plan.doc_type)
    )?;
    writeln!(out, "  title:    {}", opt(&plan.title))?;
    writeln!(out, "  issuer:   {}", opt(&plan.issuer))?;
    writeln!(
        out,
        "  province: {}{}   date: {}   period: {}",
        opt(&plan.province),
        match (&plan.province, &plan.province_current) {
            (Some(a), Some(b)) if a != b => format!(" (now {b})"),
            _ => String::new(),
        },
        opt(&plan.issue_date),
        plan.period
            .map(|p| if p.start == p.end {
                p.start.to_string()
            } else {
                format!("{}–{}", p.start, p.end)
            })
            .unwrap_or_else(|| "—".into())
    )?;
    writeln!(out, "  signer:   {}", opt(&plan.signer))?;
    writeln!(out, "\nOutline")?;
    fn walk(out: &mut impl Write, secs: &[Section], depth: usize) -> std::io::Result<()> {
        for s in secs {
            writeln!(
                out,
                "{}{} {}",
                "  ".repeat(depth + 1),
                s.path,
                truncate(&s.heading, 90)
            )?;
            walk(out, &s.children, depth + 1)?;
        }
        Ok(())
    }
    walk(&mut out, &plan.sections, 0)?;
    writeln!(out, "\nTasks ({})", plan.tasks.len())?;
    for t in &plan.tasks {
        let src = match t.source {
            kehoach::model::TaskSource::Body => "",
            kehoach::model::TaskSource::Appendix => " (appendix)",
        };
        writeln!(
            out,
            "  [{}]{} {}",
            t.section.as_deref().unwrap_or("?"),
            src,
            truncate(&t.text, 90)
        )?;
        for (name, v) in [
            ("lead", &t.lead),
            ("partners", &t.partners),
            ("performers", &t.performers),
        ] {
            if !v.is_empty() {
                writeln!(out, "      {name}: {}", v.join("; "))?;
            }
        }
        if let Some(d) = &t.deadline {
            let range = match (&d.start, &d.end) {
                (None, None) => String::new(),
                (s, e) => format!(
                    " → {}..{}",
                    s.as_deref().unwrap_or(""),
                    e.as_deref().unwrap_or("")
                ),
            };
            let rec = d
                .recurrence
                .map(|r| format!(" ({})", r.as_str()))
                .unwrap_or_default();
            writeln!(out, "      deadline: {}{}{}", d.raw, range, rec)?;
        }
    }
    writeln!(out, "\nCitations ({})", plan.citations.len())?;
    for c in &plan.citations {
        let role = match c.role {
            Role::Basis => "basis",
            Role::Reference => "ref",
        };
        writeln!(
            out,
            "  {:<5} {:<45} {:<20} {:<10} {}",
            role,
            c.id,
            c.kind,
            c.date.as_deref().unwrap_or("—"),
            c.section.as_deref().unwrap_or(if c.role == Role::Basis {
                "preamble"
            } else {
                "after the body"
            })
        )?;
    }
    if !plan.warnings.is_empty() {
        writeln!(out, "\nWarnings ({})", plan.warnings.len())?;
        for w in &plan.warnings {
            writeln!(out, "  line {}: {}", w.line, w.message)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_eval(
    gold_dir: &Path,
    paths: &[PathBuf],
    verbose: bool,
    json: bool,
    min_macro: Option<f64>,
) -> Result<ExitCode, Fatal> {
    let mut golds = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(gold_dir)
        .map_err(|e| Fatal(format!("{}: {e}", gold_dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    entries.sort();
    for p in &entries {
        let raw = std::fs::read_to_string(p).map_err(|e| Fatal(format!("{}: {e}", p.display())))?;
        let v: serde_json::Value = serde_json::from_str(&raw)
            .map_err(|e| Fatal(format!("{}: not JSON: {e}", p.display())))?;
        golds.push(v);
    }
    if golds.is_empty() {
        return Err(Fatal(format!(
            "{}: no gold .json files",
            gold_dir.display()
        )));
    }
    let plans = load_plans(paths, DEFAULT_MAX_BYTES)?;
    let report = kehoach::eval::evaluate(&golds, &plans);
    let mut out = buffered_stdout();
    if json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        print_report(&mut out, &report, verbose)?;
    }
    out.flush()?;
    for f in &report.unmatched {
        eprintln!("kehoach: gold file names {f}, which is not among the inputs");
    }
    let macro_f1 = report.macro_f1();
    if let Some(min) = min_macro {
        if macro_f1 < min {
            eprintln!("kehoach: macro-F1 {macro_f1:.3} is below {min:.3}");
            return Ok(ExitCode::from(1));
        }
    }
    Ok(if report.unmatched.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_report(
    out: &mut impl Write,
    r: &kehoach::eval::Report,
    verbose: bool,
) -> std::io::Result<()> {
    use kehoach::eval::{HEADER_FIELDS, SET_FIELDS};
    writeln!(
        out,
        "{:<58} num sym prv dat yr per | sect  cite  basis dline units | macro",
        "document"
    )?;
    for d in &r.docs {
        let marks: Vec<&str> = d
            .header
            .iter()
            .map(|h| if h.3 { " ✓ " } else { " ✗ " })
            .collect();
        let sets: Vec<String> = SET_FIELDS
            .iter()
            .map(|f| {
                d.sets
                    .iter()
                    .find(|s| s.0 == *f)
                    .map(|s| format!("{:.3}", s.1.f1()))
                    .unwrap_or_else(|| "  -  ".into())
            })
            .collect();
        writeln!(
            out,
            "{:<58} {} | {} | {:.3}",
            truncate(&d.file, 58),
            marks.join(""),
            sets.join(" "),
            d.macro_f1()
        )?;
        if verbose {
            for (field, gold, got, eq) in &d.header {
                if !eq {
                    writeln!(out, "    {field}: gold {gold} got {got}")?;
                }
            }
            for ((field, missing), (_, extra)) in d.missing.iter().zip(&d.extra) {
                if !missing.is_empty() {
                    writeln!(out, "    {field} missing: {}", missing.join(" ; "))?;
                }
                if !extra.is_empty() {
                    writeln!(out, "    {field} extra:   {}", extra.join(" ; "))?;
                }
            }
        }
    }
    writeln!(out, "\noverall ({} documents)", r.docs.len())?;
    for f in HEADER_FIELDS {
        writeln!(out, "  {:<11} accuracy {:.3}", f, r.header_accuracy(f))?;
    }
    for f in SET_FIELDS {
        let c = r.set_counts(f);
        writeln!(
            out,
            "  {:<11} P {:.3}  R {:.3}  F1 {:.3}  (tp {} fp {} fn {})",
            f,
            c.precision(),
            c.recall(),
            c.f1(),
            c.tp,
            c.fp,
            c.fn_
        )?;
    }
    writeln!(out, "  macro-F1    {:.3}", r.macro_f1())
}

fn cmd_info(index: Option<PathBuf>, json: bool) -> Result<ExitCode, Fatal> {
    let idx = open_for_search(index)?;
    let paths = idx.paths()?;
    let mut out = buffered_stdout();
    if json {
        let v = serde_json::json!({
            "index": idx.dir.display().to_string(),
            "schema_version": kehoach::index::SCHEMA_VERSION,
            "plans": paths.len(),
            "paths": paths,
        });
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
    } else {
        writeln!(out, "index:  {}", idx.dir.display())?;
        writeln!(out, "plans:  {}", paths.len())?;
        writeln!(out, "schema: {}", kehoach::index::SCHEMA_VERSION)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
