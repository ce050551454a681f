export { refreshKyselyTypes, checkKyselyTypes, refreshesAfterUp, type KyselyTypesOptions, type KyselyTypesResult } from './kysely-types';
export { CODEGEN_DIALECTS, codegenDialectFor, type CodegenDialectName } from './codegen-dialects';
export { CODEGEN_TYPE_READINGS, codegenTypeFits, type TypeFits, type TypeReading } from './codegen-type-readings';
