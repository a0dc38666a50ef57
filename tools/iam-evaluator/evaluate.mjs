// Reads a JSON array of simulations ({id, simulation}) on stdin and writes one JSON line per simulation:
// {id, result: "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied" | "Error", errors?}.
// The simulation format is @cloud-copilot/iam-simulate's; the Java test (IamMatrixTest) builds it from the
// synthesized policies.
import { runSimulation } from '@cloud-copilot/iam-simulate'

const chunks = []
for await (const chunk of process.stdin) chunks.push(chunk)
const requests = JSON.parse(Buffer.concat(chunks).toString('utf8'))
const results = []
for (const { id, simulation } of requests) {
  const response = await runSimulation(simulation, {})
  results.push(response.resultType === 'error'
    ? { id, result: 'Error', errors: response.errors }
    : { id, result: response.overallResult })
}
process.stdout.write(JSON.stringify(results))
