//! Fitting text to a window for slide-like screens (teach): a screen made of
//! parts that give way, least important first, when the window is short; long
//! text split into pages; a line of keys that never splits a key's name; a
//! list that scrolls to keep its cursor in view.

use console::measure_text_width;

/// The window a screen is drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Columns to wrap to (the window's, at most 100).
    pub width: usize,
    /// Rows.
    pub height: usize,
}

/// How a part gives way when it does not fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cut {
    /// Keep the first lines; the hint stands for the rest.
    Tail(String),
    /// Keep the last lines; the hint stands for those before.
    Head(String),
    /// Keep the lines around this one, with hints above and below.
    Around(usize),
}

/// One part of a screen.
#[derive(Debug, Clone)]
pub struct Part {
    lines: Vec<String>,
    /// 0 is given room first.
    rank: u8,
    /// A blank line before it, when it shows.
    gap: bool,
    cut: Cut,
}

impl Part {
    pub fn new(lines: Vec<String>, rank: u8) -> Part {
        Part {
            lines,
            rank,
            gap: false,
            cut: Cut::Tail("…".into()),
        }
    }

    /// With a blank line before it.
    pub fn gap(mut self) -> Part {
        self.gap = true;
        self
    }

    pub fn cut(mut self, cut: Cut) -> Part {
        self.cut = cut;
        self
    }

    fn cost(&self) -> usize {
        if self.lines.is_empty() {
            0
        } else {
            self.lines.len() + usize::from(self.gap)
        }
    }
}

/// The screen: `head` and `foot` always, the parts in order, each given room
/// by rank and cut as it says when the window is short.
pub fn fit(head: Vec<String>, parts: Vec<Part>, foot: Vec<String>, height: usize) -> Vec<String> {
    let mut room = height.saturating_sub(head.len() + foot.len() + 1);
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|&i| parts[i].rank);
    let mut given = vec![0usize; parts.len()];
    for i in order {
        let want = parts[i].cost();
        let g = want.min(room);
        // A gap with nothing under it is no use.
        given[i] = if parts[i].gap && g <= 1 { 0 } else { g };
        room -= given[i];
    }
    let mut out = head;
    for (p, &g) in parts.iter().zip(&given) {
        if g == 0 {
            continue;
        }
        if p.gap {
            out.push(String::new());
        }
        let rows = g - usize::from(p.gap);
        out.extend(shown(&p.lines, rows, &p.cut));
    }
    if !foot.is_empty() {
        if out.len() + foot.len() < height {
            out.push(String::new());
        }
        out.extend(foot);
    }
    out.truncate(height);
    out
}

/// `lines` in `rows` rows, cut as `cut` says.
fn shown(lines: &[String], rows: usize, cut: &Cut) -> Vec<String> {
    if lines.len() <= rows {
        return lines.to_vec();
    }
    if rows <= 1 {
        return match cut {
            Cut::Tail(h) | Cut::Head(h) => vec![h.clone()],
            Cut::Around(i) => vec![lines[(*i).min(lines.len() - 1)].clone()],
        };
    }
    match cut {
        Cut::Tail(hint) => {
            let mut v = lines[..rows - 1].to_vec();
            v.push(hint.clone());
            v
        }
        Cut::Head(hint) => {
            let mut v = vec![hint.clone()];
            v.extend_from_slice(&lines[lines.len() - (rows - 1)..]);
            v
        }
        Cut::Around(focus) => around(lines, rows, *focus),
    }
}

/// A window of `rows` rows onto `lines` that shows line `focus`, with "↑ more"
/// and "↓ more" in place of the lines cut above and below.
fn around(lines: &[String], rows: usize, focus: usize) -> Vec<String> {
    let n = lines.len();
    let focus = focus.min(n - 1);
    // The largest window, centred on the focus where it can be, that fits
    // with the hints it needs.
    let (top, len) = (1..=rows)
        .rev()
        .map(|len| {
            let top = focus.saturating_sub(len / 2).min(n - len.min(n));
            (top, len)
        })
        .find(|&(top, len)| len + usize::from(top > 0) + usize::from(top + len < n) <= rows)
        .unwrap_or((focus, 1));
    let mut v = Vec::new();
    if top > 0 {
        v.push("  ↑ more".to_string());
    }
    v.extend_from_slice(&lines[top..(top + len).min(n)]);
    let below = n.saturating_sub(top + len);
    if below > 0 {
        v.push("  ↓ more".to_string());
    }
    v
}

/// Long text in pages of the window's height: each page `head`, as much of
/// `body` as fits (split at blank lines where it can), and `foot(page, pages)`.
pub fn pages(
    head: &[String],
    body: &[String],
    foot: &dyn Fn(usize, usize) -> Vec<String>,
    height: usize,
) -> Vec<Vec<String>> {
    let room = height
        .saturating_sub(head.len() + foot(0, 2).len() + 1)
        .max(1);
    let mut blocks: Vec<Vec<String>> = vec![Vec::new()];
    for l in body {
        if l.is_empty() {
            blocks.push(Vec::new());
        } else if let Some(b) = blocks.last_mut() {
            b.push(l.clone());
        }
    }
    let mut bodies: Vec<Vec<String>> = vec![Vec::new()];
    for block in blocks.into_iter().filter(|b| !b.is_empty()) {
        for chunk in block.chunks(room) {
            let page = bodies.last_mut().expect("a page");
            let need = chunk.len() + usize::from(!page.is_empty());
            if page.len() + need > room && !page.is_empty() {
                bodies.push(chunk.to_vec());
            } else {
                if !page.is_empty() {
                    page.push(String::new());
                }
                page.extend_from_slice(chunk);
            }
        }
    }
    let n = bodies.len();
    bodies
        .into_iter()
        .enumerate()
        .map(|(i, b)| {
            let mut page = head.to_vec();
            page.extend(b);
            let f = foot(i, n);
            if page.len() + f.len() < height {
                page.push(String::new());
            }
            page.extend(f);
            page.truncate(height);
            page
        })
        .collect()
}

/// Key hints packed into lines of `width`, never splitting one.
pub fn keys_line(items: &[&str], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for item in items {
        let sep = if line.is_empty() { "" } else { "  " };
        if !line.is_empty() && measure_text_width(&line) + 2 + measure_text_width(item) > width {
            lines.push(std::mem::take(&mut line));
            line.push_str(item);
        } else {
            line.push_str(sep);
            line.push_str(item);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("line {i}")).collect()
    }

    #[test]
    fn parts_give_way_by_rank_and_the_screen_fits() {
        let head = vec!["title".to_string()];
        let parts = vec![
            Part::new(lines(10), 2).cut(Cut::Head("…".into())),
            Part::new(lines(3), 0).gap(),
            Part::new(lines(10), 1)
                .gap()
                .cut(Cut::Tail("… more".into())),
        ];
        let out = fit(head, parts, vec!["keys".into()], 12);
        assert_eq!(out.len(), 12, "{out:#?}");
        assert_eq!(out[0], "title");
        assert_eq!(out.last().unwrap(), "keys");
        assert!(out.contains(&"… more".to_string()), "{out:#?}");
    }

    #[test]
    fn a_window_keeps_its_focus_in_view() {
        for focus in 0..20 {
            let out = around(&lines(20), 6, focus);
            assert!(out.len() <= 6, "{out:#?}");
            assert!(out.contains(&format!("line {focus}")), "{focus}: {out:#?}");
        }
    }

    #[test]
    fn pages_split_at_blank_lines_and_each_fits() {
        let mut body = lines(5);
        body.push(String::new());
        body.extend(lines(5));
        let foot = |i: usize, n: usize| vec![format!("page {} of {n}", i + 1)];
        let p = pages(&["head".to_string()], &body, &foot, 9);
        assert_eq!(p.len(), 2);
        assert!(p.iter().all(|page| page.len() <= 9));
        assert_eq!(p[1].last().unwrap(), "page 2 of 2");
    }

    #[test]
    fn keys_never_split() {
        let l = keys_line(&["Enter/→: next", "←/Esc: back", "q: quit"], 28);
        assert_eq!(l, ["Enter/→: next  ←/Esc: back", "q: quit"]);
    }
}
