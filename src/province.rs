//! The province gazetteer: Vietnam's 63 provinces and centrally-run cities before
//! 1 July 2025 and the 34 after Resolution 202/2025/QH15, with the merger map.
//!
//! Source: Resolution 202/2025/QH15 of the National Assembly (12 June 2025) as
//! summarised in `shared/DOMAIN.md`. Names are matched accent- and tone-insensitively,
//! with or without "tỉnh" / "thành phố".

use crate::text;

/// One province or centrally-run city.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Province {
    /// Official short name as written, e.g. "Thừa Thiên Huế".
    pub name: &'static str,
    /// Centrally-run city (thành phố trực thuộc trung ương) rather than a province.
    pub city: bool,
    /// The name after the 2025 merger.
    pub current: &'static str,
    /// Other spellings seen in documents.
    pub aliases: &'static [&'static str],
}

macro_rules! p {
    ($name:expr, $current:expr) => {
        Province { name: $name, city: false, current: $current, aliases: &[] }
    };
    ($name:expr, $current:expr, city) => {
        Province { name: $name, city: true, current: $current, aliases: &[] }
    };
    ($name:expr, $current:expr, $($alias:expr),+) => {
        Province { name: $name, city: false, current: $current, aliases: &[$($alias),+] }
    };
}

/// The 63 pre-2025 provinces and cities with their post-merger name.
pub static PROVINCES: &[Province] = &[
    Province {
        name: "Hà Nội",
        city: true,
        current: "Hà Nội",
        aliases: &[],
    },
    Province {
        name: "Hồ Chí Minh",
        city: true,
        current: "Hồ Chí Minh",
        aliases: &["TP. Hồ Chí Minh", "TP.HCM", "TPHCM", "Sài Gòn"],
    },
    p!("Hải Phòng", "Hải Phòng", city),
    p!("Đà Nẵng", "Đà Nẵng", city),
    p!("Cần Thơ", "Cần Thơ", city),
    Province {
        name: "Thừa Thiên Huế",
        city: false,
        current: "Huế",
        aliases: &["Huế", "Thừa Thiên - Huế"],
    },
    p!("Lai Châu", "Lai Châu"),
    p!("Điện Biên", "Điện Biên"),
    p!("Sơn La", "Sơn La"),
    p!("Lạng Sơn", "Lạng Sơn"),
    p!("Quảng Ninh", "Quảng Ninh"),
    p!("Thanh Hóa", "Thanh Hóa"),
    p!("Nghệ An", "Nghệ An"),
    p!("Hà Tĩnh", "Hà Tĩnh"),
    p!("Cao Bằng", "Cao Bằng"),
    p!("Tuyên Quang", "Tuyên Quang"),
    p!("Hà Giang", "Tuyên Quang"),
    p!("Lào Cai", "Lào Cai"),
    p!("Yên Bái", "Lào Cai"),
    p!("Thái Nguyên", "Thái Nguyên"),
    p!("Bắc Kạn", "Thái Nguyên", "Bắc Cạn"),
    p!("Phú Thọ", "Phú Thọ"),
    p!("Vĩnh Phúc", "Phú Thọ"),
    p!("Hòa Bình", "Phú Thọ"),
    p!("Bắc Ninh", "Bắc Ninh"),
    p!("Bắc Giang", "Bắc Ninh"),
    p!("Hưng Yên", "Hưng Yên"),
    p!("Thái Bình", "Hưng Yên"),
    p!("Hải Dương", "Hải Phòng"),
    p!("Ninh Bình", "Ninh Bình"),
    p!("Hà Nam", "Ninh Bình"),
    p!("Nam Định", "Ninh Bình"),
    p!("Quảng Trị", "Quảng Trị"),
    p!("Quảng Bình", "Quảng Trị"),
    p!("Quảng Nam", "Đà Nẵng"),
    p!("Quảng Ngãi", "Quảng Ngãi"),
    p!("Kon Tum", "Quảng Ngãi"),
    p!("Gia Lai", "Gia Lai"),
    p!("Bình Định", "Gia Lai"),
    p!("Khánh Hòa", "Khánh Hòa"),
    p!("Ninh Thuận", "Khánh Hòa"),
    p!("Lâm Đồng", "Lâm Đồng"),
    p!("Đắk Nông", "Lâm Đồng", "Đăk Nông", "Đắc Nông"),
    p!("Bình Thuận", "Lâm Đồng"),
    p!("Đắk Lắk", "Đắk Lắk", "Đăk Lăk", "Đắc Lắc", "Daklak"),
    p!("Phú Yên", "Đắk Lắk"),
    p!("Bình Dương", "Hồ Chí Minh"),
    p!(
        "Bà Rịa - Vũng Tàu",
        "Hồ Chí Minh",
        "Bà Rịa Vũng Tàu",
        "Bà Rịa-Vũng Tàu"
    ),
    p!("Đồng Nai", "Đồng Nai"),
    p!("Bình Phước", "Đồng Nai"),
    p!("Tây Ninh", "Tây Ninh"),
    p!("Long An", "Tây Ninh"),
    p!("Sóc Trăng", "Cần Thơ"),
    p!("Hậu Giang", "Cần Thơ"),
    p!("Vĩnh Long", "Vĩnh Long"),
    p!("Bến Tre", "Vĩnh Long"),
    p!("Trà Vinh", "Vĩnh Long"),
    p!("Đồng Tháp", "Đồng Tháp"),
    p!("Tiền Giang", "Đồng Tháp"),
    p!("Cà Mau", "Cà Mau"),
    p!("Bạc Liêu", "Cà Mau"),
    p!("An Giang", "An Giang"),
    p!("Kiên Giang", "An Giang"),
];

impl Province {
    fn spellings(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.name).chain(self.aliases.iter().copied())
    }

    /// "tỉnh X" or "thành phố X".
    pub fn qualified(&self) -> String {
        if self.city {
            format!("thành phố {}", self.name)
        } else {
            format!("tỉnh {}", self.name)
        }
    }
}

/// The province whose name (or alias) is exactly `name`, ignoring accents, tone
/// placement, case and a leading "tỉnh" / "thành phố" / "TP.".
pub fn lookup(name: &str) -> Option<&'static Province> {
    let key = strip_prefix(&text::fold(name));
    if key.is_empty() {
        return None;
    }
    BY_KEY.get(key.as_str()).copied()
}

/// Every province by the key of each of its spellings; a key two provinces
/// share goes to the first listed (as a search of [`PROVINCES`] in order
/// would find it). Built once instead of folding every spelling per lookup.
static BY_KEY: std::sync::LazyLock<std::collections::HashMap<String, &'static Province>> =
    std::sync::LazyLock::new(|| {
        let mut by_key = std::collections::HashMap::new();
        for p in PROVINCES {
            for s in p.spellings() {
                by_key.entry(spelled_key(s)).or_insert(p);
            }
        }
        by_key
    });

/// Every post-merger (current) province name, once each.
pub fn current_names() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for p in PROVINCES {
        if !out.contains(&p.current) {
            out.push(p.current);
        }
    }
    out
}

fn spelled_key(s: &str) -> String {
    strip_prefix(&text::fold(s))
}

fn strip_prefix(folded: &str) -> String {
    let mut s = folded.trim().replace(['-', '.', ','], " ");
    s = text::squash_spaces(&s).into_owned();
    for prefix in ["tinh ", "thanh pho ", "tp "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
            break;
        }
    }
    s
}

/// Find a province named in `text` (the first match from the left), matching whole
/// words only. Longer names win over shorter ones at the same position.
pub fn find_in(text_in: &str) -> Option<&'static Province> {
    let folded: Vec<String> = words(&text::fold(text_in));
    let mut best: Option<(usize, usize, &'static Province)> = None;
    for p in PROVINCES {
        for s in p.spellings() {
            let needle = words(&spelled_key(s));
            if needle.is_empty() {
                continue;
            }
            if let Some(pos) = find_words(&folded, &needle) {
                let better = match best {
                    None => true,
                    Some((bp, bl, _)) => pos < bp || (pos == bp && needle.len() > bl),
                };
                if better {
                    best = Some((pos, needle.len(), p));
                }
            }
        }
    }
    best.map(|(_, _, p)| p)
}

/// Count how often each province is named in `text` after "tỉnh"/"thành phố";
/// the most frequent one, if any.
pub fn most_mentioned(text_in: &str) -> Option<&'static Province> {
    let folded = words(&text::fold(text_in));
    let mut counts: Vec<(usize, &'static Province)> = Vec::new();
    for p in PROVINCES {
        let mut n = 0;
        for s in p.spellings() {
            let needle = words(&spelled_key(s));
            if needle.is_empty() {
                continue;
            }
            let mut i = 0;
            while i + needle.len() <= folded.len() {
                if folded[i..i + needle.len()] == needle[..] {
                    let before = if i >= 1 { folded[i - 1].as_str() } else { "" };
                    let before2 = if i >= 2 { folded[i - 2].as_str() } else { "" };
                    if before == "tinh" || (before2 == "thanh" && before == "pho") {
                        n += 1;
                    }
                    i += needle.len();
                } else {
                    i += 1;
                }
            }
        }
        if n > 0 {
            counts.push((n, p));
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.0));
    counts.first().map(|(_, p)| *p)
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn find_words(hay: &[String], needle: &[String]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()] == needle[..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_63_old_and_34_new() {
        assert_eq!(PROVINCES.len(), 63);
        assert_eq!(current_names().len(), 34);
    }

    #[test]
    fn lookup_ignores_accents_prefix_and_tones() {
        assert_eq!(lookup("tỉnh Lạng Sơn").unwrap().name, "Lạng Sơn");
        assert_eq!(lookup("lang son").unwrap().name, "Lạng Sơn");
        assert_eq!(lookup("Khánh Hoà").unwrap().name, "Khánh Hòa");
        assert_eq!(lookup("TP. Hồ Chí Minh").unwrap().name, "Hồ Chí Minh");
        assert!(lookup("Atlantis").is_none());
    }

    #[test]
    fn find_in_matches_whole_words() {
        assert_eq!(find_in("Ninh Thuận, ngày 28").unwrap().name, "Ninh Thuận");
        assert_eq!(find_in("UBND TỈNH BẮC GIANG").unwrap().name, "Bắc Giang");
        assert!(find_in("Thành phố Cà Mauxyz").is_none());
        assert!(find_in("không có tên").is_none());
    }

    /// lookup as first written: every spelling of every province in turn.
    fn lookup_reference(name: &str) -> Option<&'static Province> {
        let key = strip_prefix(&text::fold(name));
        if key.is_empty() {
            return None;
        }
        PROVINCES
            .iter()
            .find(|p| p.spellings().any(|s| spelled_key(s) == key))
    }

    #[test]
    fn lookup_finds_every_spelling_as_a_search_in_order_does() {
        for p in PROVINCES {
            for s in p.spellings() {
                for name in [
                    s.to_string(),
                    format!("tỉnh {s}"),
                    format!("Thành phố {}", s.to_uppercase()),
                    text::fold(s),
                ] {
                    let (got, want) = (lookup(&name), lookup_reference(&name));
                    assert_eq!(got.map(|p| p.name), want.map(|p| p.name), "{name}");
                }
            }
        }
    }

    #[test]
    fn merger_map() {
        assert_eq!(lookup("Bắc Giang").unwrap().current, "Bắc Ninh");
        assert_eq!(lookup("Ninh Thuận").unwrap().current, "Khánh Hòa");
    }
}
