// Sends a SOL transfer through @solana/kit's own RPC client and websocket confirmation, against the dev
// chain given as argv[2] (HTTP) and argv[3] (websocket). Prints one JSON line with the balances.
// This is the proof that the dev chain speaks real Solana JSON-RPC: kit is not our code.
import {
  airdropFactory, appendTransactionMessageInstruction, createSolanaRpc, createSolanaRpcSubscriptions,
  createTransactionMessage, generateKeyPairSigner, getSignatureFromTransaction, lamports, pipe,
  sendAndConfirmTransactionFactory, setTransactionMessageFeePayerSigner, setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';

const [rpcUrl, wsUrl] = process.argv.slice(2);
const rpc = createSolanaRpc(rpcUrl);
const rpcSubscriptions = createSolanaRpcSubscriptions(wsUrl);
const [alice, bob] = await Promise.all([generateKeyPairSigner(), generateKeyPairSigner()]);

await airdropFactory({ rpc, rpcSubscriptions })({ recipientAddress: alice.address, lamports: lamports(2_000_000_000n), commitment: 'confirmed' });
const { value: latestBlockhash } = await rpc.getLatestBlockhash().send();
const message = pipe(
  createTransactionMessage({ version: 0 }),
  (m) => setTransactionMessageFeePayerSigner(alice, m),
  (m) => setTransactionMessageLifetimeUsingBlockhash(latestBlockhash, m),
  (m) => appendTransactionMessageInstruction(getTransferSolInstruction({ source: alice, destination: bob.address, amount: 500_000_000n }), m),
);
const transaction = await signTransactionMessageWithSigners(message);
await sendAndConfirmTransactionFactory({ rpc, rpcSubscriptions })(transaction, { commitment: 'confirmed' });
const signature = getSignatureFromTransaction(transaction);
const fetched = await rpc.getTransaction(signature, { maxSupportedTransactionVersion: 0 }).send();
const balance = async (address) => (await rpc.getBalance(address).send()).value;
console.log(JSON.stringify({
  signature,
  alice: String(await balance(alice.address)),
  bob: String(await balance(bob.address)),
  fee: String(fetched.meta.fee),
  err: fetched.meta.err,
}));
process.exit(0);
