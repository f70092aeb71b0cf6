import { isRouteErrorResponse, useRouteError } from "react-router-dom";
import { ErrorState } from "../components/error-state";
import { NotFoundView } from "./not-found";

/** The router's error boundary: 404 responses as not-found views, everything else as ErrorState. */
export function RouteErrorView() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundView what="page" />;
  return (
    <main className="mx-auto max-w-2xl p-6">
      <ErrorState error={error} onRetry={() => window.location.reload()} />
    </main>
  );
}
