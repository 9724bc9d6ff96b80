// Deploys a program with the unmodified @solana-program/loader-v3 and @solana/kit, as any Solana tool would:
// a buffer, chunked writes, DeployWithMaxDataLen. It is the independent check that the dev chain runs the
// real upgradeable loader (and that our program deploys through it).
// Usage: node deploy-loader-v3.mjs <rpc url> <websocket url> <program.so> <upgrade authority keypair.json>
// Prints one JSON line: {programId, programData, authority, writes}.
import { readFileSync } from 'node:fs';
import {
  airdropFactory, appendTransactionMessageInstructions, createKeyPairSignerFromBytes, createSolanaRpc, createSolanaRpcSubscriptions,
  createTransactionMessage, generateKeyPairSigner, getAddressEncoder, getProgramDerivedAddress, lamports, pipe,
  sendAndConfirmTransactionFactory, setTransactionMessageFeePayerSigner, setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from '@solana/kit';
import { getCreateAccountInstruction } from '@solana-program/system';
import {
  getDeployWithMaxDataLenInstruction, getInitializeBufferInstruction, getWriteInstruction, LOADER_V3_PROGRAM_ADDRESS,
} from '@solana-program/loader-v3';

const [rpcUrl, wsUrl, programPath, authorityPath] = process.argv.slice(2);
const elf = readFileSync(programPath);
const rpc = createSolanaRpc(rpcUrl);
const rpcSubscriptions = createSolanaRpcSubscriptions(wsUrl);
const sendAndConfirm = sendAndConfirmTransactionFactory({ rpc, rpcSubscriptions });
const authority = await createKeyPairSignerFromBytes(Uint8Array.from(JSON.parse(readFileSync(authorityPath, 'utf8'))));
const [payer, buffer, program] = await Promise.all([generateKeyPairSigner(), generateKeyPairSigner(), generateKeyPairSigner()]);

const send = async (instructions) => {
  const { value: blockhash } = await rpc.getLatestBlockhash().send();
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(payer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
    (m) => appendTransactionMessageInstructions(instructions, m),
  );
  await sendAndConfirm(await signTransactionMessageWithSigners(message), { commitment: 'confirmed' });
};
const rent = async (size) => rpc.getMinimumBalanceForRentExemption(BigInt(size)).send();

await airdropFactory({ rpc, rpcSubscriptions })({ recipientAddress: payer.address, lamports: lamports(10_000_000_000n), commitment: 'confirmed' });
const BUFFER_HEADER = 37;
await send([
  getCreateAccountInstruction({ payer, newAccount: buffer, lamports: await rent(BUFFER_HEADER + elf.length), space: BigInt(BUFFER_HEADER + elf.length), programAddress: LOADER_V3_PROGRAM_ADDRESS }),
  getInitializeBufferInstruction({ sourceAccount: buffer.address, bufferAuthority: authority.address }),
]);
const CHUNK = 900; // leaves room for two signatures and the v0 message around the bytes
let writes = 0;
for (let offset = 0; offset < elf.length; offset += CHUNK) {
  await send([getWriteInstruction({ bufferAccount: buffer.address, bufferAuthority: authority, offset, bytes: elf.subarray(offset, offset + CHUNK) })]);
  writes++;
}
const [programData] = await getProgramDerivedAddress({ programAddress: LOADER_V3_PROGRAM_ADDRESS, seeds: [getAddressEncoder().encode(program.address)] });
await send([
  getCreateAccountInstruction({ payer, newAccount: program, lamports: await rent(36), space: 36n, programAddress: LOADER_V3_PROGRAM_ADDRESS }),
  getDeployWithMaxDataLenInstruction({
    payerAccount: payer, programDataAccount: programData, programAccount: program.address, bufferAccount: buffer.address,
    authority, maxDataLen: BigInt(elf.length * 2),
  }),
]);
console.log(JSON.stringify({ programId: program.address, programData, authority: authority.address, writes }));
process.exit(0);
