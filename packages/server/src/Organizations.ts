import { donePageUrl, type OrganizationCredentials, OrganizationsService } from "@dsar/http"
import { Console, Effect } from "effect"

/** On the first start on an empty database: a demo organisation, its secret shown once. */
export const ensureDemoOrganization = (publicBaseUrl: string) =>
  Effect.gen(function*() {
    const organizations = yield* OrganizationsService
    if ((yield* organizations.count) > 0) return
    const credentials = yield* organizations.create({
      name: "Demo organisation",
      default_redirect_url: donePageUrl(publicBaseUrl)
    })
    yield* Console.log(demoBanner(publicBaseUrl, credentials))
  })

const demoBanner = (base: string, { organization_id, key, secret }: OrganizationCredentials) => `
A demo organisation was created. Its secret is shown only this once:

  organization_id  ${organization_id}
  key              ${key}
  secret           ${secret}

Open a session:
  curl -s -X POST ${base}/sessions -H 'content-type: application/json' \\
    -d '{"type":"api-key","key":"${key}","secret":"${secret}"}'
`
