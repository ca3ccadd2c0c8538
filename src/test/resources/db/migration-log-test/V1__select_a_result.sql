-- Like the migrations that call select pawkeep_protect(...): a select with a result.
select 'a-result-row' as flyway_result_column;
