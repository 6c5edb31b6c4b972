//! Whether a spreadsheet application has the master sheet open. Such an application holds
//! the sheet as it was when opened; when the user saves, it writes that copy back over a
//! merge made meanwhile, and the rows the merge added are gone (and, being in the ids file,
//! never come back). So a merge is not made while the sheet is open.

use std::path::Path;

/// Why `sheet` counts as open in an application, if it does: LibreOffice's lock file
/// `.~lock.NAME#`, or Excel's owner file `~$NAME` (`~$` over the first two characters of
/// a longer name) in the sheet's directory. Either can outlive a crash, so the message
/// names the file to delete when nobody has the sheet open.
pub fn open_in_app(sheet: &Path) -> Option<String> {
    let name = sheet.file_name()?.to_str()?;
    let libreoffice = sheet.with_file_name(format!(".~lock.{name}#"));
    if let Ok(lock) = std::fs::read(&libreoffice) {
        return Some(format!(
            "{} is open in LibreOffice{}: close it and run again, or its next save would drop the rows this run adds (if nobody has it open, delete {})",
            sheet.display(),
            who(&String::from_utf8_lossy(&lock)),
            libreoffice.display()
        ));
    }
    let tail = name.char_indices().nth(2).map_or("", |(at, _)| &name[at..]);
    [format!("~${name}"), format!("~${tail}")]
        .into_iter()
        .map(|owner| sheet.with_file_name(owner))
        .find(|owner| std::fs::symlink_metadata(owner).is_ok())
        .map(|owner| {
            format!(
                "{} is open in Excel: close it and run again, or its next save would drop the rows this run adds (if nobody has it open, delete {})",
                sheet.display(),
                owner.display()
            )
        })
}

/// " (by NAME on HOST since TIME)" from a LibreOffice lock file, which reads
/// `NAME,USER,HOST,DD.MM.YYYY HH:MM,PROFILE;`.
fn who(lock: &str) -> String {
    let fields: Vec<&str> = lock
        .trim_end_matches([';', '\n', '\r'])
        .split(',')
        .collect();
    match fields.as_slice() {
        [name, user, host, since, ..] => {
            let by = if name.trim().is_empty() { user } else { name };
            format!(
                " (by {} on {} since {})",
                by.trim(),
                host.trim(),
                since.trim()
            )
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_application_lock_is_recognized_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let sheet = dir.path().join("master.xlsx");
        std::fs::write(&sheet, "").unwrap();
        assert_eq!(open_in_app(&sheet), None);

        let libre = dir.path().join(".~lock.master.xlsx#");
        std::fs::write(
            &libre,
            "Jane Roe,jane,laptop,24.11.2026 08:12,file:///home/jane/.config/libreoffice/4;",
        )
        .unwrap();
        let why = open_in_app(&sheet).unwrap();
        assert!(
            why.contains("open in LibreOffice (by Jane Roe on laptop since 24.11.2026 08:12)")
                && why.contains(".~lock.master.xlsx#"),
            "{why}"
        );
        std::fs::remove_file(&libre).unwrap();

        // Excel: the whole name after `~$`, or `~$` over its first two characters.
        for owner in ["~$master.xlsx", "~$ster.xlsx"] {
            let path = dir.path().join(owner);
            std::fs::write(&path, "x").unwrap();
            let why = open_in_app(&sheet).unwrap();
            assert!(
                why.contains("open in Excel") && why.contains(owner),
                "{why}"
            );
            std::fs::remove_file(&path).unwrap();
        }
        // Another sheet's lock is not this one's.
        std::fs::write(dir.path().join(".~lock.other.xlsx#"), "").unwrap();
        assert_eq!(open_in_app(&sheet), None);
    }

    #[test]
    fn a_lock_without_the_usual_fields_names_nobody() {
        assert_eq!(who("garbage"), "");
        assert_eq!(
            who(",jane,host,01.01.2026 10:00,x;"),
            " (by jane on host since 01.01.2026 10:00)"
        );
    }
}
