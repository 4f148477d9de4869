//! Widgets shared across areas: labelled fields with their error, the conflict chooser.
pub mod chart;
pub mod draft;
pub mod editor;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use crate::domain::validate::message_for;
use crate::domain::FieldError;

/// A form's errors, and a signal per field for the message shown next to it.
#[derive(Clone, Copy)]
pub struct FormErrors(pub RwSignal<Vec<FieldError>>);

impl FormErrors {
    pub fn new() -> Self {
        FormErrors(RwSignal::new(vec![]))
    }
    pub fn of(&self, field: &'static str) -> Signal<Option<String>> {
        let errors = self.0;
        Signal::derive(move || errors.with(|e| message_for(e, field)))
    }
    /// Shows `errors` and moves focus to the first field with one (its input id is `prefix-field`).
    pub fn show(&self, prefix: &str, errors: Vec<FieldError>) {
        if let Some(first) = errors.first() {
            crate::ui::browser::focus(&format!("{prefix}-{}", first.field));
        }
        self.0.set(errors);
    }
    pub fn clear(&self) {
        self.0.set(vec![]);
    }
}

impl Default for FormErrors {
    fn default() -> Self {
        Self::new()
    }
}

/// Ids of a field's error and hint, and its `aria-describedby` (hint first, then error).
fn describe_ids(id: &str, has_hint: bool) -> (String, String, String) {
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = if has_hint {
        format!("{hint_id} {err_id}")
    } else {
        err_id.clone()
    };
    (err_id, hint_id, described)
}

/// A single-line input with its label, an optional hint and its error message.
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional, into)] kind: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let (err_id, hint_id, described) = describe_ids(&id, hint.is_some());
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id.clone()>
                {label}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            <input
                id=id
                type=kind.unwrap_or("text")
                autocomplete=autocomplete.unwrap_or("off")
                aria-required=required.then_some("true")
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <p class="field-error" id=err_id>{move || error.get()}</p>
        </div>
    }
}

/// A multi-line input with its label and error message.
#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let (err_id, hint_id, described) = describe_ids(&id, hint.is_some());
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            <textarea
                id=id
                rows="4"
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
            <p class="field-error" id=err_id>{move || error.get()}</p>
        </div>
    }
}

/// A choice from a short list, with its label and error message.
#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    options: Vec<(&'static str, &'static str)>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let err_id = format!("{id}-error");
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            <select
                id=id
                aria-describedby=err_id.clone()
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {options
                    .into_iter()
                    .map(|(key, text)| {
                        view! { <option value=key selected=move || value.with(|v| v == key)>{text}</option> }
                    })
                    .collect_view()}
            </select>
            <p class="field-error" id=err_id>{move || error.get()}</p>
        </div>
    }
}

/// A choice from a list that changes with the data (people, goals, periods), with its label and
/// error message. The option matching `value` is selected when the list is drawn.
#[component]
pub fn ChoiceField(
    id: &'static str,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let err_id = format!("{id}-error");
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id>{label}</label>
            <select id=id aria-describedby=err_id.clone() prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                {move || options.get().into_iter().map(|(key, text)| {
                    let selected = value.with_untracked(|v| *v == key);
                    view! { <option value=key selected=selected>{text}</option> }
                }).collect_view()}
            </select>
            <p class="field-error" id=err_id>{move || error.get()}</p>
        </div>
    }
}

/// A set of checkboxes (people, goals) in a fieldset, with its error.
#[component]
pub fn CheckList(
    id: &'static str,
    #[prop(into)] legend: String,
    options: Vec<(String, String)>,
    selected: RwSignal<Vec<String>>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let err_id = format!("{id}-error");
    let described = err_id.clone();
    view! {
        <fieldset class="checklist" id=id aria-describedby=described tabindex="-1">
            <legend>{legend}</legend>
            {options.into_iter().map(|(key, text)| {
                let k = key.clone();
                view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || selected.with(|s| s.contains(&key))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                selected.update(|s| {
                                    s.retain(|x| *x != k);
                                    if on { s.push(k.clone()); }
                                });
                            } />
                        " " {text}
                    </label>
                }
            }).collect_view()}
            <p class="field-error" id=err_id>{move || error.get()}</p>
        </fieldset>
    }
}

/// Shown when a save found that the record changed elsewhere (another tab) since the edit began.
/// The user picks a version; nothing is dropped without their say.
#[component]
pub fn ConflictChooser(
    #[prop(into)] what: String,
    mine: Vec<(&'static str, String)>,
    theirs: Vec<(&'static str, String)>,
    on_keep_mine: Callback<()>,
    on_take_theirs: Callback<()>,
) -> impl IntoView {
    let rows = mine
        .into_iter()
        .zip(theirs)
        .map(|((label, m), (_, t))| {
            let differs = m != t;
            view! {
                <tr class:differs=differs>
                    <th scope="row">{label}</th>
                    <td>{m}</td>
                    <td>{t}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="conflict" role="alertdialog" aria-labelledby="conflict-title" data-testid="conflict">
            <h2 id="conflict-title">"Changed in another tab"</h2>
            <p>
                {what} " was saved somewhere else (another tab or window) while you were editing. "
                "Nothing has been overwritten. Choose which version to keep."
            </p>
            <TableScroll label="Both versions">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"Field"</th>
                            <th scope="col">"Your version"</th>
                            <th scope="col">"Other version"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableScroll>
            <div class="actions">
                <button type="button" class="primary" on:click=move |_| on_keep_mine.run(())>"Keep my version"</button>
                <button type="button" on:click=move |_| on_take_theirs.run(())>"Use the other version"</button>
            </div>
        </section>
    }
}

/// A wide table's box, which scrolls sideways where the screen is narrow. The box takes
/// keyboard focus, so arrow keys scroll it too, and is named for screen readers.
#[component]
pub fn TableScroll(#[prop(into)] label: String, children: Children) -> impl IntoView {
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-label=label>{children()}</div>
    }
}

/// What a split point draws once its chunk is loaded; until then "Loading…", and if the download
/// fails, a message with "Try again", which bumps `retry`: the caller draws the view again, asking
/// for the chunk again (failures are not remembered).
pub fn lazy_view<F>(page: F, retry: RwSignal<u32>) -> AnyView
where
    F: std::future::Future<Output = Result<AnyView, SplitLoaderError>> + Send + 'static,
{
    let page = Suspend::new(async move {
        page.await.unwrap_or_else(|_| {
            view! {
                <div class="banner error" role="alert">
                    <p>"This page could not be downloaded. Your data is safe on this device. Check the connection, then try again."</p>
                    <button class="button" on:click=move |_| retry.update(|n| *n += 1)>"Try again"</button>
                </div>
            }
            .into_any()
        })
    });
    view! {
        <Suspense fallback=|| view! { <p class="empty">"Loading…"</p> }>{page}</Suspense>
    }
    .into_any()
}

/// Who will be able to read what a form saves, in words: "Visible to Hannah and you", "The
/// whole team", "Only this device" (`Scope::audience`, for this device's role).
#[component]
pub fn Audience(#[prop(into)] scope: Signal<crate::domain::scope::Scope>) -> impl IntoView {
    let state = expect_context::<crate::ui::state::AppState>();
    let role = state.role();
    let text = move || {
        scope.with(|s| {
            s.audience(&role, &|id| {
                crate::ui::lookup::first_name(&crate::ui::lookup::person_name(state, id))
                    .to_string()
            })
        })
    };
    view! { <p class="audience" data-testid="audience">{text}</p> }
}
