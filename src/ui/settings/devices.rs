//! Settings → Devices (the manager's devices): invite a team member's own device, and see the
//! invitations made, used and expired. A member's device joins with the link (`join`), and then
//! holds only the team's records and that member's.
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::dates::long_date;
use crate::domain::invite::{Invitation, InviteState, LIFETIMES};
use crate::domain::FieldError;
use crate::store::device::sync_config;
use crate::store::Body;
use crate::sync::invite::Pass;
use crate::ui::components::{ChoiceField, FormErrors, TextField};
use crate::ui::lookup::{first_name, people_choices};
use crate::ui::state::{now, AppState, SaveOutcome};

/// The link that opens the app's join page with `code` after `#` (never sent to a server).
fn join_link(code: &str) -> String {
    let origin = leptos::prelude::window()
        .location()
        .origin()
        .unwrap_or_default();
    format!("{origin}{}/join#{code}", crate::ui::browser::base_path())
}

#[component]
pub fn DevicesPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let person = RwSignal::new(String::new());
    let days = RwSignal::new("7".to_string());
    let token = RwSignal::new(String::new());
    let errors = FormErrors::new();
    // The link just made: shown once, never stored.
    let made = RwSignal::new(None::<(String, String)>);
    let copied = RwSignal::new(None::<bool>);
    let busy = RwSignal::new(false);
    let mut people = vec![(String::new(), "Choose a team member".to_string())];
    people.extend(people_choices(state));
    let lifetimes: Vec<(String, String)> = LIFETIMES
        .iter()
        .map(|(d, words)| (d.to_string(), words.to_string()))
        .collect();
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        made.set(None);
        let Some(config) = sync_config().filter(|c| !c.url.trim().is_empty()) else {
            return errors.show(
                "invite",
                vec![FieldError::new(
                    "person",
                    "Set up sync first (above): an invitation carries this team's sync address.",
                )],
            );
        };
        let id = person.get_untracked();
        let day_count: i64 = days.get_untracked().parse().unwrap_or(7);
        let invitation = Invitation::new(&id, now(), day_count);
        let problems = invitation.problems();
        if !problems.is_empty() {
            return errors.show("invite", problems);
        }
        errors.clear();
        let expires = invitation.expires;
        let record = match state.save(None, Body::Invitation(invitation)) {
            SaveOutcome::Saved(r) | SaveOutcome::InMemoryOnly(r) => r,
            _ => return,
        };
        let (name, team) = state.repo.with_untracked(|r| {
            let name = match r.get(&id).map(|p| &p.body) {
                Some(Body::Person(p)) => p.name.clone(),
                _ => String::new(),
            };
            (name, r.team().map(|t| t.1.name.clone()).unwrap_or_default())
        });
        busy.set(true);
        spawn_local(async move {
            // A round first: the invitation reaches the person's place, and the team's keys
            // include one for this person, which the link carries.
            let ready = crate::ui::syncing::run_next(state).await.and_then(|()| {
                if config.passphrase.is_empty() {
                    Ok(String::new())
                } else {
                    crate::sync::keys::person_key(&id)
                        .ok_or_else(|| "their key was not made: sync again.".to_string())
                }
            });
            busy.set(false);
            let key = match ready {
                Ok(key) => key,
                Err(why) => {
                    return errors.show(
                        "invite",
                        vec![FieldError::new(
                            "person",
                            format!("The invitation could not reach the team's server, so no link was made ({why}). Try again once sync works."),
                        )],
                    )
                }
            };
            let pass = Pass {
                invitation: record.id,
                person: id,
                name: name.clone(),
                team,
                url: config.url,
                couch: config.couch,
                token: token.get_untracked().trim().to_string(),
                key,
                expires,
            };
            token.set(String::new());
            copied.set(None);
            made.set(Some((name, join_link(&pass.code()))));
            state.say("Invitation made: copy the link now, it is shown only once.");
        });
    };
    let list = Memo::new(move |_| {
        state.repo.with(|r| {
            let name = |id: &str| match r.get(id).map(|p| &p.body) {
                Some(Body::Person(p)) => p.name.clone(),
                _ => "someone no longer listed".into(),
            };
            let mut rows: Vec<(String, String, String)> = r
                .live()
                .filter_map(|rec| match &rec.body {
                    Body::Invitation(i) => Some((rec.id.clone(), i.clone())),
                    _ => None,
                })
                .map(|(id, i)| {
                    let state = match i.state(now()) {
                        InviteState::Open => {
                            format!("not used yet, valid until {}", long_date(i.expires.date()))
                        }
                        InviteState::Expired => {
                            format!("expired on {}, not used", long_date(i.expires.date()))
                        }
                        InviteState::Joined(at) if i.device.is_empty() => {
                            format!("joined on {}", long_date(at.date()))
                        }
                        InviteState::Joined(at) => {
                            format!("joined on {} ({})", long_date(at.date()), i.device)
                        }
                    };
                    (
                        id,
                        format!("{} · made {}", name(&i.person), long_date(i.made.date())),
                        state,
                    )
                })
                .collect();
            rows.sort();
            rows
        })
    });
    view! {
        <section class="panel" aria-labelledby="devices-title" data-testid="devices">
            <h2 id="devices-title">"Team members' devices"</h2>
            <p>"Invite a team member to use Trellis on their own device. Their device then syncs only the team's records (the people, the charter, team goals, wins) and their own (their goals, 1:1s, self-reports, feedback): nobody else's, and nothing of yours alone."</p>
            <form class="form" novalidate on:submit=create>
                <ChoiceField id="invite-person" label="Invite" value=person options=Signal::stored(people) error=errors.of("person") />
                <ChoiceField id="invite-days" label="The invitation can be used for" value=days options=Signal::stored(lifetimes) />
                <TextField id="invite-token" label="Their token on the sync server (optional)" value=token error=errors.of("token") kind="password" autocomplete="off" hint="What the server's operator set up for this person: it reaches the team's place and theirs only. Leave empty if the server asks for no token." />
                <div class="actions"><button type="submit" class="primary" prop:disabled=move || busy.get()>{move || if busy.get() { "Making the link…" } else { "Make invitation link" }}</button></div>
            </form>
            {move || made.get().map(|(name, link)| {
                let first = first_name(&name).to_string();
                let copy_link = link.clone();
                view! {
                    <div class="invite-made" data-testid="invite-made">
                        <label for="invite-link">{format!("Invitation link for {name}")}</label>
                        <textarea id="invite-link" readonly rows="3" data-testid="invite-link" prop:value=link.clone()></textarea>
                        <p class="hint">{format!("Give it to {first} as you would a key (in person, or a channel only {first} reads): it opens Trellis on their device and joins it once. It is shown only now; if it is lost, make a new one.")}</p>
                        <div class="actions">
                            <button type="button" on:click=move |_| {
                                crate::ui::browser::copy_text(&copy_link, move |ok| copied.set(Some(ok)));
                            }>"Copy link"</button>
                        </div>
                        <p role="status">{move || match copied.get() {
                            Some(true) => "Copied.",
                            Some(false) => "This browser did not allow copying: select the link and copy it.",
                            None => "",
                        }}</p>
                    </div>
                }
            })}
            <h3>"Invitations"</h3>
            <Show when=move || list.with(|l| !l.is_empty()) fallback=|| view! { <p class="empty">"No invitations yet."</p> }>
                <ul class="invitations" data-testid="invitations">
                    <For each=move || list.get() key=|row| row.clone() let:row>
                        <li data-invitation=row.0><strong>{row.1}</strong>{format!(": {}", row.2)}</li>
                    </For>
                </ul>
            </Show>
        </section>
    }
}
