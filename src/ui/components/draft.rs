//! Unsaved words kept in the tab: a form's fields saved as a draft (see `store::drafts`) while
//! something is typed, brought back after a reload, with a notice and a way to start over.
use leptos::prelude::*;

use crate::store::drafts;

/// Keeps a form's fields as the draft `name` (in this tab) while any of the `text` fields holds
/// something, so a reload brings the words back. On opening, fills the fields from a kept draft;
/// the returned signal says whether it did.
pub fn keep_draft<const N: usize>(
    name: &'static str,
    fields: [RwSignal<String>; N],
    text: &'static [usize],
) -> RwSignal<bool> {
    let restored = RwSignal::new(false);
    if let Some(values) =
        drafts::load(name).and_then(|s| serde_json::from_str::<Vec<String>>(&s).ok())
    {
        if values.len() == N {
            for (field, value) in fields.iter().zip(values) {
                field.set(value);
            }
            restored.set(true);
        }
    }
    Effect::new(move |_| {
        let values = fields.map(|f| f.get());
        if text.iter().any(|&i| !values[i].trim().is_empty()) {
            drafts::save(
                name,
                &serde_json::to_string(&values[..]).unwrap_or_default(),
            );
        } else {
            drafts::clear(name);
        }
    });
    restored
}

/// Empties the `text` fields (which ends the draft kept by `keep_draft`).
pub fn clear_fields(fields: &[RwSignal<String>], text: &[usize]) {
    for &i in text {
        fields[i].set(String::new());
    }
}

/// Says a draft came back after a reload; "Discard draft" runs `discard` and hides the notice.
#[component]
pub fn DraftNotice(restored: RwSignal<bool>, discard: Callback<()>) -> impl IntoView {
    view! {
        <Show when=move || restored.get()>
            <div class="inline-warning" role="status" data-testid="draft-restored">
                <p>"Your unsaved draft is back: nothing typed before the reload was lost."</p>
                <button type="button" on:click=move |_| { discard.run(()); restored.set(false); }>"Discard draft"</button>
            </div>
        </Show>
    }
}
