/**
 * The description's validator, and through it the operation model, made once per process on first use: the
 * commands' table, the help and the body checks all read it, so the bundle is read and parsed once.
 */
import { type ContractValidator, createContractValidator } from '@agora-chat-push/openapi';

let validator: ContractValidator | undefined;

export const contract = (): ContractValidator => {
  validator ??= createContractValidator();
  return validator;
};
