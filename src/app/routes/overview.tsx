export function Component() {
  return <h2 className="text-xl font-semibold">Overview</h2>;
}
