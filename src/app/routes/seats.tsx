export function Component() {
  return <h2 className="text-xl font-semibold">Seats</h2>;
}
