import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearchParams } from "react-router-dom";
import type { DemoPerson, Role, Session } from "../../contract/bff";
import { api } from "../../lib/api-client";
import { NotFoundError } from "../../lib/api-errors";
import { queryKeys } from "../../lib/query-keys";
import { safeNextPath } from "../../lib/query-client";
import { Button } from "../../components/button";
import { ErrorState } from "../../components/error-state";
import { Notice } from "../../components/notice";
import { PageSpinner } from "../../components/spinner";
import { ThemeSwitch } from "../../components/theme-switch";
import { useRoleLabels } from "../role-labels";
import { useT } from "../../lib/i18n";
import { appMessages } from "../../locales/en/app";

const roleOrder: Record<Role, number> = { customer_admin: 0, customer_member: 1, account_manager: 2 };

export function Component() {
  const [search] = useSearchParams();
  const next = safeNextPath(search.get("next"));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const t = useT(appMessages);
  const roleLabels = useRoleLabels();
  const people = useQuery({
    queryKey: queryKeys.demoPeople(),
    queryFn: ({ signal }) => api.get<{ data: DemoPerson[] }>("/api/demo-people", { signal }).then((r) => r.data),
    staleTime: Infinity,
  });
  const signIn = useMutation({
    mutationFn: (personId: string) => api.post<Session>("/api/demo-sign-in", { person_id: personId }),
    onSuccess: (session) => {
      // A different person: nothing cached for the previous one may show.
      queryClient.clear();
      queryClient.setQueryData(queryKeys.session(), session);
    },
  });

  const sorted = [...(people.data ?? [])].sort(
    (a, b) => roleOrder[a.role] - roleOrder[b.role] || a.user.name.localeCompare(b.user.name),
  );

  return (
    <div className="min-h-screen bg-[var(--color-bg)]">
      <header className="flex items-center justify-between gap-3 border-b border-[var(--color-border)] bg-[var(--color-surface)] px-4 py-3">
        <span className="text-lg font-semibold">{t("app.name")}</span>
        <ThemeSwitch />
      </header>
      <main className="mx-auto max-w-3xl px-4 py-8">
        <h1 className="text-2xl font-semibold">{t("app.signIn.heading")}</h1>
        {search.get("next") ? (
          <Notice tone="info" className="mt-4" live="none">
            {t("app.signIn.continue")}
          </Notice>
        ) : null}
        {people.isPending ? <PageSpinner label={t("app.signIn.loadingPeople")} /> : null}
        {people.error instanceof NotFoundError ? (
          <Notice tone="info" className="mt-4" title={t("app.signIn.throughProduct")}>
            {t("app.signIn.throughProductBody")}
          </Notice>
        ) : people.error ? (
          <ErrorState className="mt-4" error={people.error} onRetry={() => void people.refetch()} />
        ) : null}
        {signIn.error ? <ErrorState className="mt-4" error={signIn.error} title={t("app.signIn.failed")} /> : null}
        {people.data ? (
          <>
            <p className="mt-2 text-[var(--color-muted)]">
              {t("app.signIn.demoIntro")}
            </p>
            <ul className="mt-5 grid gap-3 sm:grid-cols-2">
              {sorted.map((person) => (
                <li key={person.id}>
                  <div className="flex h-full flex-col gap-2 rounded-lg border border-[var(--color-border)] bg-[var(--color-surface)] p-4">
                    <div>
                      <p className="font-semibold">{person.user.name}</p>
                      <p className="text-sm text-[var(--color-muted)]">
                        {roleLabels[person.role]} · {person.user.email}
                      </p>
                    </div>
                    <p className="text-sm">{person.description}</p>
                    <div className="mt-auto">
                      <Button
                        variant="primary"
                        size="sm"
                        loading={signIn.isPending && signIn.variables === person.id}
                        disabled={signIn.isPending}
                        aria-label={t("app.signIn.asPerson", { name: person.user.name, role: roleLabels[person.role] })}
                        onClick={() =>
                          signIn.mutate(person.id, { onSuccess: () => void navigate(next, { replace: true }) })
                        }
                      >
                        {t("app.signIn.button")}
                      </Button>
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </main>
    </div>
  );
}
