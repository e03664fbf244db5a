// Drives Modelship's embedded engine with Camunda's Node SDK over REST, as a Node app would:
// deploy, create, polling workers that complete, fail and throw BPMN errors, and searches.
// Usage: ZEEBE_REST_ADDRESS=http://127.0.0.1:PORT node sdk-test.mjs BPMN_FILE
// Prints one line per check ("ok - ..." or "not ok - ...") and "N passed, N failed"; exits 1 on a failure.
import { Camunda8 } from '@camunda8/sdk'

const bpmn = process.argv[2]
const c8 = new Camunda8({
  config: {
    ZEEBE_REST_ADDRESS: process.env.ZEEBE_REST_ADDRESS,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_LOG_LEVEL: 'error',
  },
})
const rest = c8.getCamundaRestClient()

let passed = 0
let failed = 0
function check(what, ok, detail) {
  if (ok) {
    passed++
    console.log(`ok - ${what}`)
  } else {
    failed++
    console.log(`not ok - ${what}${detail === undefined ? '' : ': ' + JSON.stringify(detail)}`)
  }
}

async function until(what, probe, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`Expected ${what} within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

const workers = []
try {
  // deploy
  const deployment = await rest.deployResourcesFromFiles([bpmn])
  const processes = deployment.processes ?? []
  check('deploy answers with the process', processes.some((p) => p.processDefinitionId === 'node-sdk'), deployment)

  // polling workers: charge fails once (retry), throws CARD_DECLINED for declined orders, else completes
  let chargeAttempts = 0
  workers.push(
    rest.createJobWorker({
      type: 'node-charge',
      maxJobsToActivate: 10,
      timeout: 60000,
      worker: 'node-charge-worker',
      pollIntervalMs: 100,
      jobHandler: (job) => {
        chargeAttempts++
        if (job.variables.declined) {
          return job.error({ errorCode: 'CARD_DECLINED', errorMessage: 'insufficient funds' })
        }
        if (job.retries === 3) {
          return job.fail({ errorMessage: 'payment service flaky', retries: 2 })
        }
        return job.complete({ charged: true })
      },
    })
  )
  workers.push(
    rest.createJobWorker({
      type: 'node-ship',
      maxJobsToActivate: 10,
      timeout: 60000,
      worker: 'node-ship-worker',
      pollIntervalMs: 100,
      jobHandler: (job) => job.complete({ shipped: job.variables.order }),
    })
  )

  // create
  const paid = await rest.createProcessInstance({ processDefinitionId: 'node-sdk', variables: { order: 7, declined: false } })
  const declined = await rest.createProcessInstance({ processDefinitionId: 'node-sdk', variables: { order: 8, declined: true } })
  check('create answers with an instance key', /^\d+$/.test(String(paid.processInstanceKey)), paid)

  // search: both instances end
  const ended = await until('both instances to complete', async () => {
    const found = await rest.searchProcessInstances({ filter: { processDefinitionId: 'node-sdk', state: 'COMPLETED' } })
    return found.items.length === 2 ? found : null
  })
  check('process instance search finds both completed', ended.items.length === 2, ended)

  const elements = await rest.searchElementInstances({ filter: { processInstanceKey: String(declined.processInstanceKey) } })
  const ids = elements.items.map((e) => e.elementId)
  check('the declined order took the error boundary', ids.includes('declined') && ids.includes('cancelled') && !ids.includes('ship'), ids)

  const vars = await rest.searchVariables({ filter: { processInstanceKey: String(paid.processInstanceKey), name: 'shipped' } })
  check('variables search finds the completed job\'s variable', vars.items.length === 1 && vars.items[0].value === '7', vars.items)

  check('the failed charge was retried', chargeAttempts === 3, { chargeAttempts })

  const incidents = await rest.searchIncidents({ filter: { processDefinitionId: 'node-sdk' } })
  check('no incidents', incidents.items.length === 0, incidents.items)

  const definitions = await rest.searchProcessDefinitions({ filter: { processDefinitionId: 'node-sdk' } })
  check('process definition search finds the deployed version', definitions.items.length === 1 && definitions.items[0].version === 1, definitions.items)
} catch (e) {
  check('no error', false, String(e?.stack ?? e) + (e?.response?.body ? ' ' + e.response.body : ''))
} finally {
  workers.forEach((w) => w.stop())
  rest.stopWorkers?.()
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
