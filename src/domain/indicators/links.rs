//! Warnings about a set of indicators and their links: results with nothing driving them,
//! drivers that drive nothing, and a set that only looks back or only looks ahead.
use super::{Indicator, IndicatorKind};

/// What the indicators page warns about, in words, in a stable order.
pub fn link_warnings(set: &[(&str, &Indicator)]) -> Vec<String> {
    let mut out = vec![];
    if set.is_empty() {
        return out;
    }
    let leading = |i: &Indicator| i.kind == IndicatorKind::Leading;
    if !set.iter().any(|(_, i)| leading(i)) {
        out.push(
            "No leading indicator: every measure here is a result, so you will only find out at the end. Add an activity that predicts one."
                .to_string(),
        );
    }
    if !set.iter().any(|(_, i)| !leading(i)) {
        out.push(
            "No lagging indicator: which result proves these activities pay off? Add the outcome they should move."
                .to_string(),
        );
    }
    for (id, ind) in set {
        if leading(ind) {
            let drives_one = ind.drives.iter().any(|d| set.iter().any(|(o, _)| o == d));
            if !drives_one {
                out.push(format!(
                    "“{}” drives no result: link it to the lagging indicator it should move, or ask whether it is worth tracking.",
                    ind.name
                ));
            }
        } else if drivers_of(set, id).is_empty() {
            out.push(format!(
                "“{}” has nothing driving it: no measure tells you early how it is going.",
                ind.name
            ));
        }
    }
    out
}

/// What drives the indicator `id`, by id.
pub fn drivers_of<'a>(set: &[(&'a str, &Indicator)], id: &str) -> Vec<&'a str> {
    set.iter()
        .filter(|(_, i)| i.drives.iter().any(|d| d == id))
        .map(|(o, _)| *o)
        .collect()
}

/// Every link (driver id, driven id) between indicators of the set, in the set's order.
pub fn links<'a>(set: &[(&'a str, &'a Indicator)]) -> Vec<(&'a str, &'a str)> {
    let mut out = vec![];
    for (id, ind) in set {
        for d in &ind.drives {
            if let Some((other, _)) = set.iter().find(|(o, _)| o == d) {
                out.push((*id, *other));
            }
        }
    }
    out
}
