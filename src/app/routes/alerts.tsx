export function Component() {
  return <h2 className="text-xl font-semibold">Alerts</h2>;
}
