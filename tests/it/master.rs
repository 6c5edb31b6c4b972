//! The master sheet: merges that keep the user's columns, edits, deletions and hidden rows;
//! Excel-resaved CSV and XLSX read back; writes that never leave a broken file; one run at
//! a time.

use crate::support::*;
use std::path::Path;
use std::time::{Duration, Instant};
use wiremock::{MockServer, ResponseTemplate};

const BOARD: &str = "/v1/boards/acme/jobs";

/// `jobtap scrape greenhouse:acme` against `server`, fast, plus `extra`.
async fn gh(server: &MockServer, extra: &[&str]) -> std::process::Output {
    let ep = endpoint("greenhouse", server);
    let mut args = vec![
        "scrape",
        "greenhouse:acme",
        "--endpoint",
        &ep,
        "--rate",
        "greenhouse=100/s",
        "--retries",
        "0",
    ];
    args.extend(extra);
    jobtap(&args).await
}

/// The sheet as (header, rows), read with the csv crate.
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let header = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let rows = rdr
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no {name} in {header:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn merges_keep_user_columns_edits_deletions_and_hidden_rows() {
    let (server, _) = serve(
        BOARD,
        vec![
            gh_board_response(&[(1, "Chat Agent"), (2, "Night Agent"), (3, "Help Desk")]),
            gh_board_response(&[
                (1, "Chat Agent II"),
                (2, "Night Agent v2"),
                (3, "Help Desk"),
                (4, "Email Agent"),
            ]),
        ],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let master = dir.path().join("master.csv");
    let m = master.to_str().unwrap();
    let out = gh(&server, &["--merge-into", m]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        out.stdout.is_empty(),
        "a merge alone writes nothing to stdout"
    );
    let (header, rows) = read_csv(&master);
    assert_eq!(rows.len(), 3);
    assert_eq!(header[..3], ["id", "source", "source_id"]);
    let first_seen_1 = rows[0][col(&header, "first_seen")].clone();
    assert!(first_seen_1.ends_with('Z'), "{first_seen_1}");

    // The user's edits: a notes column first, a status column after the title, a note,
    // one row hidden, one deleted.
    let (t, s) = (col(&header, "title"), col(&header, "source_id"));
    let mut new_header = vec!["notes".to_string()];
    new_header.extend(header[..=t].iter().cloned());
    new_header.push("status".into());
    new_header.extend(header[t + 1..].iter().cloned());
    let mut w = csv::Writer::from_path(&master).unwrap();
    w.write_record(&new_header).unwrap();
    for r in &rows {
        let (note, status) = match r[s].as_str() {
            "1" => ("applied 11/20, \"call back\"", "applied"),
            "2" => ("", "Hide"),
            _ => continue, // row 3 deleted
        };
        let mut rec = vec![note.to_string()];
        rec.extend(r[..=t].iter().cloned());
        rec.push(status.into());
        rec.extend(r[t + 1..].iter().cloned());
        w.write_record(&rec).unwrap();
    }
    w.flush().unwrap();
    drop(w);

    for round in 0..2 {
        let out = gh(&server, &["--merge-into", m]).await;
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let (header, rows) = read_csv(&master);
        assert_eq!(header[0], "notes", "round {round}");
        assert_eq!(header[col(&header, "title") + 1], "status");
        let ids: Vec<&str> = rows
            .iter()
            .map(|r| r[col(&header, "source_id")].as_str())
            .collect();
        assert_eq!(
            ids,
            ["1", "2", "4"],
            "deleted stays deleted, new appended, no duplicates"
        );
        let row1 = &rows[0];
        assert_eq!(row1[0], "applied 11/20, \"call back\"");
        assert_eq!(row1[col(&header, "status")], "applied");
        assert_eq!(
            row1[col(&header, "title")],
            "Chat Agent II",
            "jobtap columns refreshed"
        );
        assert_eq!(
            row1[col(&header, "first_seen")],
            first_seen_1,
            "first_seen kept"
        );
        let row2 = &rows[1];
        assert_eq!(row2[col(&header, "status")], "Hide");
        assert_eq!(
            row2[col(&header, "title")],
            "Night Agent",
            "hidden rows are left alone"
        );
        assert_eq!(rows[2][col(&header, "sources")], "greenhouse");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn excel_resaved_csv_round_trips_in_its_own_bytes() {
    let (server, _) = serve(
        BOARD,
        vec![gh_board_response(&[
            (1, "Chat Agent"),
            (2, "Crème Brûlée Host"),
        ])],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let master = dir.path().join("master.csv");
    let m = master.to_str().unwrap();
    let out = gh(&server, &["--merge-into", m]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (header, rows) = read_csv(&master);

    for bom in [false, true] {
        // As Excel saves "CSV" in much of Europe: `;`, CRLF, Windows-1252 (or UTF-8 + BOM).
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let mut h = header.clone();
        h.push("notes".into());
        w.write_record(&h).unwrap();
        for r in &rows {
            let mut r = r.clone();
            r.push("Café near the station; call".into());
            w.write_record(&r).unwrap();
        }
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let bytes = if bom {
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()
        } else {
            encoding_rs::WINDOWS_1252.encode(&text).0.into_owned()
        };
        assert!(bom || bytes.windows(4).any(|w| w == b"Caf\xe9"));
        std::fs::write(&master, &bytes).unwrap();

        let out = gh(&server, &["--merge-into", m]).await;
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let after = std::fs::read(&master).unwrap();
        assert_eq!(
            after.starts_with(b"\xEF\xBB\xBF"),
            bom,
            "BOM kept as it was"
        );
        let text = if bom {
            String::from_utf8(after[3..].to_vec()).unwrap()
        } else {
            assert!(std::str::from_utf8(&after).is_err(), "still Windows-1252");
            assert!(after.windows(4).any(|w| w == b"Caf\xe9"));
            encoding_rs::WINDOWS_1252.decode(&after).0.into_owned()
        };
        assert!(text.contains("\r\n"), "CRLF kept");
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(text.as_bytes());
        let got_header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(got_header, h, "same columns, `;` kept");
        let got: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
        assert_eq!(got.len(), 2);
        assert_eq!(&got[0][h.len() - 1], "Café near the station; call");
        assert_eq!(&got[1][col(&h, "title")], "Crème Brûlée Host");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xlsx_master_keeps_user_columns_and_hides_rows() {
    use calamine::{Data, Reader, Xlsx};
    let (server, _) = serve(
        BOARD,
        vec![
            gh_board_response(&[(1, "=Chat Agent"), (2, "Night Agent")]),
            gh_board_response(&[(1, "=Chat Agent"), (2, "Night Agent"), (3, "Help Desk")]),
        ],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let master = dir.path().join("master.xlsx");
    let m = master.to_str().unwrap();
    let out = gh(&server, &["--merge-into", m]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // The user adds a status column and a note, as Excel would save them.
    let mut book: Xlsx<_> = calamine::open_workbook(&master).unwrap();
    let range = book.worksheet_range("jobs").unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in range.rows().enumerate() {
        ws.write_string(
            r as u32,
            0,
            if r == 0 {
                "status"
            } else if r == 2 {
                "hide"
            } else {
                ""
            },
        )
        .unwrap();
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16 + 1;
            match cell {
                Data::String(s) => ws.write_string(r as u32, c, s).map(|_| ()),
                Data::Float(f) => ws.write_number(r as u32, c, *f).map(|_| ()),
                Data::DateTime(d) => ws.write_number(r as u32, c, d.as_f64()).map(|_| ()),
                _ => Ok(()),
            }
            .unwrap();
        }
    }
    ws.write_formula(1, 25, "=1+2").unwrap();
    ws.write_string(0, 25, "score").unwrap();
    wb.save(&master).unwrap();

    let out = gh(&server, &["--merge-into", m]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut book: Xlsx<_> = calamine::open_workbook(&master).unwrap();
    let range = book.worksheet_range("jobs").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0][0], "status");
    assert_eq!(rows[0][25], "score");
    assert_eq!(rows.len(), 4, "header and three postings: {rows:?}");
    assert_eq!(rows[2][0], "hide");
    assert_eq!(range.get((1, 4)), Some(&Data::String("=Chat Agent".into())));
    let formulas = book.worksheet_formula("jobs").unwrap();
    assert_eq!(
        formulas.get_value((1, 25)).map(String::as_str),
        Some("1+2"),
        "the user's formula kept"
    );
    assert_eq!(rows[3][4], "Help Desk");
}

/// A part of an XLSX package as text.
fn xlsx_part(path: &Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
    xml
}

/// The style index of the cell at `at` (`E2`) in a sheet's XML; "0" when it has none.
fn style_of(sheet: &str, at: &str) -> String {
    let start = sheet
        .find(&format!("<c r=\"{at}\""))
        .unwrap_or_else(|| panic!("no {at}"));
    let cell = &sheet[start..start + sheet[start..].find('>').unwrap()];
    let style = cell.split(" s=\"").nth(1).unwrap_or("0\"");
    style[..style.find('"').unwrap()].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_merge_keeps_the_links_of_rows_it_does_not_refresh() {
    use jobtap::export::cells::Cell;
    use jobtap::export::csv_out::CsvStyle;
    use jobtap::sheet::Sheet;
    let (server, _) = serve(
        BOARD,
        vec![
            gh_board_response(&[(1, "Chat Agent"), (2, "Night Agent"), (3, "Help Desk")]),
            gh_board_response(&[(1, "Chat Agent")]),
        ],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let master = dir.path().join("m.xlsx");
    let m = master.to_str().unwrap();
    let out = gh(&server, &["--merge-into", m]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    resave_with_links_of_its_own(&master);

    // The next run lists the first job alone.
    let out = gh(&server, &["--merge-into", m]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sheet = Sheet::load(&master, CsvStyle::default()).unwrap();
    let col = |name: &str| sheet.header.iter().position(|h| h == name).unwrap();
    assert_eq!(sheet.rows.len(), 3);
    for (row, id) in sheet.rows.iter().zip(1..) {
        let address = format!("https://acme.example/jobs/{id}");
        assert_eq!(
            row[col("url")],
            Cell::Hyperlink {
                url: address.clone(),
                text: address
            },
            "row of job {id}"
        );
    }
    assert_eq!(sheet.rows[2][col("status")], Cell::Text("hide".into()));
    assert_eq!(
        sheet.rows[1][col("notes")],
        Cell::Hyperlink {
            url: "https://careers.example/apply/2".into(),
            text: "apply page".into()
        }
    );
    // The links of the rows left alone look as the refreshed row's does: jobtap's style.
    let xml = xlsx_part(&master, "xl/worksheets/sheet1.xml");
    let letter = (b'A' + col("url") as u8) as char;
    let styles: Vec<String> = (2..=4)
        .map(|r| style_of(&xml, &format!("{letter}{r}")))
        .collect();
    assert_ne!(styles[0], "0", "{xml}");
    assert!(styles.iter().all(|s| *s == styles[0]), "{styles:?}");
    let row4 = &xml[xml.find(r#"<row r="4""#).unwrap()..];
    assert!(
        row4[..row4.find('>').unwrap()].contains(r#"hidden="1""#),
        "{xml}"
    );
}

/// Saves `master` again as LibreOffice saves it: its own link style on the addresses, a
/// `status` column with the third job hidden, and a link of the user's with text of its own.
fn resave_with_links_of_its_own(master: &std::path::Path) {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(master).unwrap();
    let range = book.worksheet_range("jobs").unwrap();
    let url_col = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .position(|h| h == "url")
        .unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("jobs").unwrap();
    let their_link = rust_xlsxwriter::Format::new().set_hyperlink();
    for (r, row) in range.rows().enumerate() {
        let r = r as u32;
        let status = [(0, "status"), (3, "hide")].iter().find(|(at, _)| *at == r);
        ws.write_string(r, 0, status.map_or("", |s| s.1)).unwrap();
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16 + 1;
            match cell {
                Data::String(s) if r > 0 && c == url_col => ws
                    .write_url_with_format(r, col, rust_xlsxwriter::Url::new(s), &their_link)
                    .map(drop),
                Data::String(s) => ws.write_string(r, col, s).map(drop),
                Data::Float(f) => ws.write_number(r, col, *f).map(drop),
                Data::DateTime(d) => ws.write_number(r, col, d.as_f64()).map(drop),
                _ => Ok(()),
            }
            .unwrap();
        }
    }
    let notes = range.width() as u16 + 1;
    ws.write_string(0, notes, "notes").unwrap();
    ws.write_url(
        2,
        notes,
        rust_xlsxwriter::Url::new("https://careers.example/apply/2").set_text("apply page"),
    )
    .unwrap();
    wb.save(master).unwrap();
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_write_leaves_the_previous_sheet_intact() {
    let many: Vec<(u64, String)> = (1..=40)
        .map(|i| (i, format!("Support Agent {i}")))
        .collect();
    let many: Vec<(u64, &str)> = many.iter().map(|(i, t)| (*i, t.as_str())).collect();
    let (server, _) = serve(
        BOARD,
        vec![gh_board_response(&many[..2]), gh_board_response(&many)],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let master = dir.path().join("master.csv");
    let m = master.to_str().unwrap().to_string();
    let out = gh(&server, &["--merge-into", &m]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let before = std::fs::read(&master).unwrap();

    // The next run is killed (SIGXFSZ) as its file grows past 8 KiB.
    let ep = endpoint("greenhouse", &server);
    let out = tokio::task::spawn_blocking(move || {
        let cache = tempfile::tempdir().unwrap();
        std::process::Command::new("sh")
            .env("JOBTAP_CACHE_DIR", cache.path())
            .args(["-c", "ulimit -f 16; exec \"$0\" \"$@\""])
            .arg(env!("CARGO_BIN_EXE_jobtap"))
            .args([
                "scrape",
                "greenhouse:acme",
                "--endpoint",
                &ep,
                "--rate",
                "greenhouse=100/s",
            ])
            .args(["--retries", "0", "--merge-into", &m])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(
        out.status.signal(),
        Some(25),
        "killed by SIGXFSZ mid-write: {}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read(&master).unwrap(),
        before,
        "previous sheet intact"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_run_is_refused_or_waits_its_turn() {
    let (server, arrivals) = serve(
        BOARD,
        vec![
            gh_board_response(&[(1, "Chat Agent")]).set_delay(Duration::from_millis(800)),
            gh_board_response(&[(1, "Chat Agent"), (2, "Night Agent")]),
        ],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let master = dir.path().join("master.csv");
    let m = master.to_str().unwrap().to_string();
    let ep = endpoint("greenhouse", &server);
    let args = |wait: bool| {
        let mut a = vec![
            "scrape".to_string(),
            "greenhouse:acme".into(),
            "--endpoint".into(),
            ep.clone(),
            "--rate".into(),
            "greenhouse=100/s".into(),
            "--merge-into".into(),
            m.clone(),
        ];
        if wait {
            a.push("--wait".into());
        }
        a
    };
    let first_args = args(false);
    let first = tokio::task::spawn_blocking(move || {
        let (mut command, _cache) = jobtap_command();
        let out = command.args(&first_args).output().unwrap();
        (out, Instant::now())
    });
    // The first run holds the lock once its request reached the server.
    let deadline = Instant::now() + Duration::from_secs(10);
    while arrivals.targets().is_empty() {
        assert!(Instant::now() < deadline, "first run never fetched");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let a: Vec<String> = args(false);
    let refused = jobtap(&a.iter().map(String::as_str).collect::<Vec<_>>()).await;
    assert_eq!(refused.status.code(), Some(5), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("another jobtap run"),
        "{}",
        stderr(&refused)
    );
    let w: Vec<String> = args(true);
    let waited = jobtap(&w.iter().map(String::as_str).collect::<Vec<_>>()).await;
    let waited_end = Instant::now();
    let (first_out, first_end) = first.await.unwrap();
    assert_eq!(first_out.status.code(), Some(0), "{}", stderr(&first_out));
    assert_eq!(waited.status.code(), Some(0), "{}", stderr(&waited));
    assert!(
        waited_end >= first_end,
        "the waiting run finished after the first"
    );
    assert_eq!(
        arrivals.targets().len(),
        2,
        "the refused run fetched nothing"
    );
    let (_, rows) = read_csv(&master);
    assert_eq!(rows.len(), 2, "the waiting run merged after the first");
    let told = format!("jobtap: waiting for another jobtap run to finish with {m} (--wait)");
    assert_eq!(
        stderr(&waited).matches(&told).count(),
        1,
        "{}",
        stderr(&waited)
    );
    assert!(
        !stderr(&first_out).contains("waiting"),
        "{}",
        stderr(&first_out)
    );
    assert_only_the_hidden_lock_is_left(dir.path());
}

/// The lock stays, hidden, saying it is normal to keep; no `master.csv.lock`-like file.
fn assert_only_the_hidden_lock_is_left(dir: &std::path::Path) {
    let lock = std::fs::read_to_string(dir.join(".master.csv.jobtap-lock")).unwrap();
    assert!(lock.contains("normal to keep"), "{lock}");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".master.csv.jobtap-lock",
            "master.csv",
            "master.csv.jobtap-ids"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_where_every_source_failed_leaves_the_sheet_alone() {
    let (server, _) = serve(
        BOARD,
        vec![
            gh_board_response(&[(1, "Chat Agent")]),
            ResponseTemplate::new(500),
        ],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let master = dir.path().join("master.csv");
    let m = master.to_str().unwrap();
    assert_eq!(
        gh(&server, &["--merge-into", m]).await.status.code(),
        Some(0)
    );
    let before = std::fs::read(&master).unwrap();
    let out = gh(&server, &["--merge-into", m, "--backoff", "5ms"]).await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("left as it was"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&master).unwrap(), before);
}

/// A sheet open in LibreOffice or Excel is not merged into: the application's next save
/// would write its older copy over the rows a merge added. The run stops before it fetches
/// (exit 5, naming who has it open and the lock file), or before it saves when the sheet
/// was opened meanwhile, and once the sheet is closed the next run merges what is new.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sheet_open_in_a_spreadsheet_app_is_left_alone() {
    let two = || gh_board_response(&[(1, "Chat Agent"), (2, "Night Agent")]);
    let (server, arrivals) = serve(
        BOARD,
        vec![
            gh_board_response(&[(1, "Chat Agent")]),
            two().set_delay(Duration::from_millis(300)),
            two(),
        ],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let master = dir.path().join("master.csv");
    let m = master.to_str().unwrap();
    let state = dir.path().join("state.sqlite");
    let s = state.to_str().unwrap();
    let out = gh(&server, &["--merge-into", m, "--state", s]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let before = std::fs::read(&master).unwrap();

    for lock in [".~lock.master.csv#", "~$master.csv"] {
        let lock = dir.path().join(lock);
        std::fs::write(&lock, "Jane Roe,jane,laptop,24.11.2026 08:12,file:///p;").unwrap();
        let out = gh(&server, &["--merge-into", m, "--state", s]).await;
        assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("master.csv is open in ") && err.contains(lock.to_str().unwrap()),
            "{err}"
        );
        assert_eq!(std::fs::read(&master).unwrap(), before);
        assert_eq!(arrivals.targets().len(), 1, "nothing fetched");
        std::fs::remove_file(&lock).unwrap();
    }
    // Opened while the run waits for the board.
    let lock = dir.path().join(".~lock.master.csv#");
    let run = tokio::spawn({
        let (m, s) = (m.to_string(), s.to_string());
        let ep = endpoint("greenhouse", &server);
        async move {
            jobtap(&[
                "scrape",
                "greenhouse:acme",
                "--endpoint",
                &ep,
                "--merge-into",
                &m,
                "--state",
                &s,
                "--rate",
                "greenhouse=100/s",
            ])
            .await
        }
    });
    let waited = Instant::now();
    while arrivals.targets().len() < 2 {
        assert!(waited.elapsed() < Duration::from_secs(20), "never fetched");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    std::fs::write(&lock, "").unwrap();
    let out = run.await.unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert_eq!(std::fs::read(&master).unwrap(), before);
    std::fs::remove_file(&lock).unwrap();
    // Posting 2 was not recorded as seen: the next run still finds it new and adds it.
    let out = gh(
        &server,
        &[
            "--merge-into",
            m,
            "--state",
            s,
            "--new-only",
            "-o",
            "-",
            "--format",
            "ndjson",
        ],
    )
    .await;
    assert!(stderr(&out).contains("1 added"), "{}", stderr(&out));
    let new: Vec<_> = json_lines(&out)
        .iter()
        .map(|p| p["source_id"].clone())
        .collect();
    assert_eq!(new, ["2"]);
    assert_eq!(read_csv(&master).1.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_is_written_beside_the_sheet() {
    let (server, _) = serve(
        BOARD,
        vec![gh_board_response(&[(1, "Chat Agent"), (2, "Night Agent")])],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let master = dir.path().join("master.csv");
    let page = dir.path().join("jobs.html");
    let (m, p) = (master.to_str().unwrap(), page.to_str().unwrap());
    let out = gh(&server, &["--merge-into", m, "--html", p]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "the page is a file, not stdout");
    assert_eq!(read_csv(&master).1.len(), 2);
    let doc = scraper::Html::parse_document(&std::fs::read_to_string(&page).unwrap());
    let sel = scraper::Selector::parse("article.job h2 a").unwrap();
    let mut links: Vec<(String, &str)> = doc
        .select(&sel)
        .map(|a| (a.text().collect(), a.attr("href").unwrap()))
        .collect();
    links.sort();
    assert_eq!(
        links,
        [
            ("Chat Agent".to_string(), "https://acme.example/jobs/1"),
            ("Night Agent".to_string(), "https://acme.example/jobs/2")
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_that_cannot_be_written_stops_the_run_before_it_fetches() {
    let (server, hits) = serve(BOARD, vec![gh_board_response(&[(1, "Chat Agent")])]).await;
    let dir = tempfile::tempdir().unwrap();
    // Its directory would be a file: no run can write it, so none fetches for it. (A
    // directory that is only missing is made, as for -o.)
    std::fs::write(dir.path().join("no"), "").unwrap();
    let page = dir.path().join("no/jobs.html");
    let out = gh(&server, &["--html", page.to_str().unwrap()]).await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("jobs.html"), "{}", stderr(&out));
    assert!(hits.targets().is_empty(), "nothing fetched");
}
