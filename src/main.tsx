import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./index.css";

function Boot() {
  return (
    <main className="p-6">
      <h1 className="text-2xl font-semibold">Seats</h1>
      <p className="text-[var(--color-muted)]">Seat management dashboard.</p>
    </main>
  );
}

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");
createRoot(root).render(
  <StrictMode>
    <Boot />
  </StrictMode>,
);
