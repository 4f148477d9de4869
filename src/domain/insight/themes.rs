//! Obstacle themes by deterministic phrase grouping: two obstacles share a theme when they share
//! at least two content words (one, when either has only one), after lower-casing, dropping
//! common words and trimming plural and verb endings. Grouping is transitive; no model, no
//! randomness, the same input always gives the same themes.
const STOP: &[&str] = &[
    "the", "and", "for", "with", "from", "that", "this", "are", "was", "were", "has", "have",
    "had", "not", "but", "our", "their", "they", "them", "his", "her", "its", "out", "too", "into",
    "onto", "still", "again", "all", "any", "can", "cannot", "could", "would", "should", "will",
    "been", "being", "more", "less", "very", "than", "then", "there", "here", "what", "when",
    "who", "why", "how", "one", "two", "get", "got", "just", "also", "over", "under", "about",
    "enough", "some", "waiting", "wait", "need", "needs", "lack", "lot",
];

/// The words that carry meaning in `text`, trimmed to a common stem.
pub fn content_words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && !STOP.contains(&w.as_str()))
    {
        let stem = stem(&w);
        if !out.contains(&stem) {
            out.push(stem);
        }
    }
    out
}

fn stem(w: &str) -> String {
    for (end, keep) in [("ing", 4), ("ed", 4), ("es", 4), ("s", 3)] {
        if let Some(s) = w.strip_suffix(end) {
            if s.chars().count() >= keep && !s.ends_with('s') {
                return s.to_string();
            }
        }
    }
    w.to_string()
}

/// A theme: its label (the most common wording), the obstacles in it (indexes into the input),
/// and up to three distinct wordings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    pub label: String,
    pub members: Vec<usize>,
    pub examples: Vec<String>,
}

fn find(parent: &mut [usize], i: usize) -> usize {
    let mut r = i;
    while parent[r] != r {
        r = parent[r];
    }
    parent[i] = r;
    r
}

/// Groups `texts` into themes, the largest first (ties: the first met first).
pub fn group(texts: &[&str]) -> Vec<Theme> {
    let words: Vec<Vec<String>> = texts.iter().map(|t| content_words(t)).collect();
    let mut parent: Vec<usize> = (0..texts.len()).collect();
    for i in 0..texts.len() {
        for j in 0..i {
            let shared = words[i].iter().filter(|w| words[j].contains(w)).count();
            let need = 2.min(words[i].len()).min(words[j].len()).max(1);
            if shared >= need {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = vec![];
    let mut roots: Vec<usize> = vec![];
    for i in 0..texts.len() {
        if words[i].is_empty() {
            continue;
        }
        let r = find(&mut parent, i);
        match roots.iter().position(|&x| x == r) {
            Some(k) => groups[k].push(i),
            None => {
                roots.push(r);
                groups.push(vec![i]);
            }
        }
    }
    let mut themes: Vec<Theme> = groups
        .into_iter()
        .map(|members| {
            let mut wordings: Vec<(String, usize)> = vec![];
            for &m in &members {
                let t = texts[m].trim().trim_end_matches('.').to_string();
                match wordings
                    .iter_mut()
                    .find(|(w, _)| w.eq_ignore_ascii_case(&t))
                {
                    Some((_, n)) => *n += 1,
                    None => wordings.push((t, 1)),
                }
            }
            let label = wordings
                .iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.len().cmp(&a.0.len())))
                .map(|(w, _)| w.clone())
                .unwrap_or_default();
            Theme {
                label,
                examples: wordings.into_iter().take(3).map(|(w, _)| w).collect(),
                members,
            }
        })
        .collect();
    themes.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then(a.members[0].cmp(&b.members[0]))
    });
    themes
}
