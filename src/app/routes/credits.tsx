export function Component() {
  return <h2 className="text-xl font-semibold">Credits</h2>;
}
