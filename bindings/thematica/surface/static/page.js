// The page `thematica serve` shows: the coding surface over HTTP. Every call
// carries the token the server put in this page, so other sites cannot call it.
import { mount } from "./surface.js";

const token = document.querySelector("meta[name=thematica-token]").content;
const remember = "thematica-view";

async function request(message) {
  const response = await fetch("/api/action", {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Thematica-Token": token },
    body: JSON.stringify(message),
    credentials: "same-origin",
  });
  const answer = await response.json();
  if (response.status === 403) throw new Error(`${answer.error}; if the server was restarted, reload the page`);
  if (!response.ok) throw new Error(answer.error || response.statusText);
  return answer;
}

let view = {};
try { view = JSON.parse(sessionStorage.getItem(remember) || "{}"); } catch (e) { view = {}; }
mount(document.getElementById("app"), { request, poll: true }, {
  view,
  timeOrigin: 0, // performance.now() counts from navigation start.
  onView: (v) => sessionStorage.setItem(remember, JSON.stringify(v)),
});
