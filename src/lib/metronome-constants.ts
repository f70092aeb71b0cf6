/** Metronome's credit type id of USD, whose amounts are cents. */
export const USD_CENTS_CREDIT_TYPE_ID = "2714e483-4ff1-48e4-9e25-ac732e8f24f2";
